import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns every register of delegated authority has (ministries' and localities'): who delegates to whom, to
 * sign or to decide, for which instruments, for which period, on which legal basis. Each subgraph's entity extends
 * it with its own owner column and keeps its own table and migrations.
 */
export abstract class DelegationColumns {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'delegator_official_id', type: 'varchar', length: 36 })
  delegatorOfficialId!: string;

  @Column({ name: 'delegate_official_id', type: 'varchar', length: 36 })
  delegateOfficialId!: string;

  /** SIGN or DECIDE. */
  @Column({ type: 'varchar', length: 32 })
  scope!: string;

  /** Free text: which instruments the delegation covers; null for all within the scope. */
  @Column({ name: 'instrument_scope', type: 'varchar', length: 255, nullable: true })
  instrumentScope!: string | null;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** Last day in force (inclusive); null while open-ended. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ name: 'legal_basis', type: 'varchar', length: 255 })
  legalBasis!: string;
}
