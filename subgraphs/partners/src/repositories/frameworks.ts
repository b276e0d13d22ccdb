import { In, type DataSource } from 'typeorm';
import { PartnerFrameworkEventEntity } from '../db/entities';

/**
 * What `FrameworkEvent.source` says of an event the data file cites no statement for: the event is not invented, but
 * its date was not checked against a published statement here.
 */
export const UNSOURCED_FRAMEWORK_EVENT =
  'Not verified here: recorded from Ministry of Foreign Affairs announcements (framework-history.json); no joint statement is cited for this event';

/** The only code that reads or writes `partner_framework_event`. */
export class FrameworkEventRepository {
  constructor(private readonly db: DataSource) {}

  /** Every event of the given partners in one statement, oldest first per partner. */
  findByPartnerIds(partnerIds: readonly string[]): Promise<PartnerFrameworkEventEntity[]> {
    return this.db.getRepository(PartnerFrameworkEventEntity).find({
      where: { partnerId: In([...partnerIds]) },
      order: { partnerId: 'ASC', since: 'ASC', id: 'ASC' },
    });
  }
}

/** The framework in force on `date` (YYYY-MM-DD): the latest event on or before it; null before the first. */
export function frameworkOn<F extends string>(history: readonly { framework: F; since: string }[], date: string): F | null {
  let current: F | null = null;
  for (const event of history) {
    if (String(event.since) <= date) current = event.framework;
    else break;
  }
  return current;
}
