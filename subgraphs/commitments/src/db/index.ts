import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity } from './entities';
import { CreateCommitment1732300000000 } from './migrations/1732300000000-CreateCommitment';
import { CreateCommitmentPartner1732300000001 } from './migrations/1732300000001-CreateCommitmentPartner';
import { CreateCommitmentField1732300000002 } from './migrations/1732300000002-CreateCommitmentField';

export * from './entities';
export const entities = [CommitmentEntity, CommitmentPartnerEntity, CommitmentFieldEntity];
/** In order; one DDL change each (MySQL commits DDL implicitly). */
export const migrations = [CreateCommitment1732300000000, CreateCommitmentPartner1732300000001, CreateCommitmentField1732300000002];
