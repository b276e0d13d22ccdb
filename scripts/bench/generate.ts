/**
 * `npm run bench:data [-- --fresh]`: a national-scale register on MySQL for the side-by-side benchmark
 * (`npm run bench:gateways`) and for anyone measuring their work at scale.
 *
 * One database per subgraph, `<prefix><subgraph>` (default prefix `accords_bench_`): each is created, migrated and
 * seeded with reference and demo data by the subgraph's own migrations and seed, then the commitments database gets
 * the generated register with multi-row INSERTs (not entity saves), so 1,000,000 milestones load in minutes.
 *
 *   BENCH_COMMITMENTS      generated commitments (default 100000)
 *   BENCH_MILESTONES_PER   milestones per generated commitment on average (default 10: 1,000,000 at 100,000); the
 *                          total is exact, spread unevenly over the commitments that have an action programme
 *   BENCH_FEEDBACK         public feedback items (default 100000)
 *   BENCH_DB_PREFIX        database name prefix (default accords_bench_)
 *   BENCH_MYSQL_URL        the server (default MYSQL_URL, else mysql://root@127.0.0.1:3306/)
 *   --fresh                drop the databases first; without it a run that finds the same register already loaded
 *                          does nothing, and one that finds a different size stops and asks for --fresh
 *
 * Synthetic data, NOT real: deterministic (fixed seed, fixed "today" GENERATED_TODAY), spread over the central bodies
 * in force on each date (the ministries merged away on 1 March 2025 before it), the provinces in force on each date
 * (the 63 before 1 July 2025, the 34 after), provincial departments, border districts before and border communes
 * after 1 July 2025, partners weighted towards the main ones, the 14 fields, years 2021–2026, and every status the
 * KPI statements read (legal and implementation status, legal events for commitments recorded through the workflow,
 * feasibility assessments, consultations with replies, copies to MOFA, action programmes and annual plans, milestones
 * done on time / late / open / cancelled, results and indicators, progress reports, obstacles, feedback, reviews and
 * their decisions and entries).
 *
 * Audit trail: the generator writes NO audit_entry rows (as for imported and demo rows, the trail records writes
 * made through the API; the hash chain of an empty trail verifies). It writes legal_event rows (append-only: the
 * triggers forbid UPDATE and DELETE, not INSERT); `--fresh` drops the whole database rather than deleting them.
 * Ids are UUID-shaped and sequential per table (bc0000TT-0000-4000-8000-<n>) so the clustered indexes load in order.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { assertSafeIdentifier, foldForSearch, parseDatabaseUrl, withDatabase } from '@accords/db';
import { fixedClock } from '@accords/config';
import { createLogger } from '@accords/logger';
import { openSubgraph } from '@accords/subgraph-kit';
import { configuredSubgraphs } from '../subgraphs';

/** The generated register's "today": nothing happens after it (completions, replies, reports). */
export const GENERATED_TODAY = '2026-11-30';
export const DEFAULT_PREFIX = 'accords_bench_';

export interface GenerateOptions {
  /** Server URL (its database part is ignored). */
  mysqlUrl?: string;
  prefix?: string;
  commitments?: number;
  milestonesPer?: number;
  feedback?: number;
  fresh?: boolean;
  /** Progress lines (default: console.log). */
  log?: (line: string) => void;
}

export interface GenerateResult {
  /** Database URL per subgraph name. */
  databaseUrls: Record<string, string>;
  /** The register's size: generated commitments, milestones and feedback now in the databases. */
  sizes: { commitments: number; milestones: number; feedback: number };
  /** Rows the generator wrote per table (zero everywhere when it found the register already loaded). */
  rows: Record<string, number>;
  /** Seconds per phase. */
  seconds: Record<string, number>;
  skipped: boolean;
}

// ------------------------------------------------------------------------------------------------ ids, dates, random

const TAG = {
  commitment: 1, action_program: 2, milestone: 3, commitment_result: 4, result_indicator: 5, indicator_period: 6,
  progress_report: 7, obstacle: 8, feedback: 9, feasibility_assessment: 10, consultation: 11, review: 12, review_decision: 13,
} as const;
/** A UUID-shaped id, sequential within its table. */
export const benchId = (table: keyof typeof TAG, n: number) => `bc0000${TAG[table].toString(16).padStart(2, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const DAY = 86_400_000;
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const addDays = (date: string, n: number) => new Date(toMs(date) + n * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((toMs(b) - toMs(a)) / DAY);
/** A civil date and hour in +07:00 as a UTC DATETIME literal. */
const instant = (date: string, hour: number, minute = 0) => new Date(toMs(date) + (hour - 7) * 3_600_000 + minute * 60_000).toISOString().slice(0, 19).replace('T', ' ');
/** The civil date (+07:00) of a UTC DATETIME literal. */
const civilOf = (at: string) => new Date(Date.parse(`${at.replace(' ', 'T')}Z`) + 7 * 3_600_000).toISOString().slice(0, 10);
const quarterOf = (date: string) => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
const quarterBounds = (q: string): [string, string] => {
  const y = Number(q.slice(0, 4));
  const i = Number(q.slice(6));
  const start = `${y}-${String((i - 1) * 3 + 1).padStart(2, '0')}-01`;
  const next = i === 4 ? `${y + 1}-01-01` : `${y}-${String(i * 3 + 1).padStart(2, '0')}-01`;
  return [start, addDays(next, -1)];
};

/** mulberry32: small, fast and deterministic. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]) => list[int(list.length)],
    /** From [value, weight] pairs. */
    weighted: <T>(pairs: readonly (readonly [T, number])[]) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of pairs) if ((r -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
  };
}
type Rnd = ReturnType<typeof random>;

/** A stable 0..1 value for a string (whether an agency held a review in a quarter). */
function unit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}

// ------------------------------------------------------------------------------------------------ vocabularies

const FIELDS: [string, string, string][] = [
  ['POLITICS_DIPLOMACY', 'chính trị và đối ngoại', 'politics and diplomacy'],
  ['ECONOMY_TRADE_INVESTMENT', 'kinh tế, thương mại và đầu tư', 'economy, trade and investment'],
  ['SCIENCE_TECHNOLOGY_INNOVATION', 'khoa học, công nghệ và đổi mới sáng tạo', 'science, technology and innovation'],
  ['DIGITAL_TRANSFORMATION', 'chuyển đổi số', 'digital transformation'],
  ['EDUCATION_TRAINING', 'giáo dục và đào tạo', 'education and training'],
  ['ENERGY', 'năng lượng', 'energy'],
  ['SECURITY_DEFENCE', 'an ninh và quốc phòng', 'security and defence'],
  ['CONSTRUCTION_TRANSPORT', 'xây dựng và giao thông', 'construction and transport'],
  ['AGRICULTURE_ENVIRONMENT', 'nông nghiệp và môi trường', 'agriculture and environment'],
  ['HEALTH', 'y tế', 'health'],
  ['LABOUR', 'lao động', 'labour'],
  ['CULTURE_SPORT_TOURISM', 'văn hóa, thể thao và du lịch', 'culture, sport and tourism'],
  ['JUSTICE', 'tư pháp', 'justice'],
  ['PEOPLE_TO_PEOPLE', 'giao lưu nhân dân', 'people-to-people exchange'],
];
const FIELD_WEIGHTS = [6, 22, 9, 7, 10, 6, 4, 7, 8, 7, 4, 6, 2, 5];
/** Document types per instrument class, with the Vietnamese and English heads of a title. */
const DOCUMENTS: Record<string, [string, number, string, string][]> = {
  INTERNATIONAL_AGREEMENT: [
    ['AGREEMENT', 40, 'Thỏa thuận hợp tác về', 'Cooperation agreement on'],
    ['MOU', 40, 'Bản ghi nhớ về hợp tác trong lĩnh vực', 'Memorandum of understanding on cooperation in'],
    ['PLAN', 10, 'Kế hoạch hợp tác về', 'Cooperation plan on'],
    ['MINUTES', 7, 'Biên bản làm việc về', 'Minutes of talks on'],
    ['LETTER', 3, 'Thư ý định về', 'Letter of intent on'],
  ],
  TREATY: [['AGREEMENT', 1, 'Hiệp định về', 'Agreement on']],
  POLITICAL_COMMITMENT: [['JOINT_STATEMENT_ITEM', 1, 'Cam kết trong Tuyên bố chung về', 'Joint statement commitment on']],
};
const YEAR_WEIGHTS: [number, number][] = [[2021, 11], [2022, 13], [2023, 15], [2024, 17], [2025, 24], [2026, 20]];
const MAIN_PARTNERS = ['CN', 'JP', 'KR', 'US', 'LA', 'KH', 'TH', 'SG', 'IN', 'AU', 'FR', 'DE', 'GB', 'RU', 'IT', 'MY', 'ID', 'PH', 'CU', 'AE', 'IL', 'NZ', 'CA', 'HU', 'CZ', 'EU', 'ASEAN', 'JICA', 'KOICA', 'WB', 'ADB', 'CN-GX', 'CN-YN', 'LA-VT'];
const LEVELS = ['NO_EVIDENCE', 'NOT_STARTED', 'LIMITED', 'SUBSTANTIAL', 'COMPLETE'];
const CONFIDENCE = ['GREEN', 'AMBER_GREEN', 'AMBER', 'AMBER_RED', 'RED'];
const PRE_SIGNING = ['DRAFT', 'FEASIBILITY_REVIEW', 'CONSULTING', 'AWAITING_DECISION', 'APPROVED_TO_SIGN'];
const CONSULTEES = ['MINISTRY:MOJ', 'MINISTRY:MOF', 'MINISTRY:MPS', 'MINISTRY:MOND', 'MINISTRY:MOIT'];

// ------------------------------------------------------------------------------------------------ reference data

interface Dated {
  id: string;
  validFrom: string | null;
  validTo: string | null;
}
interface Reference {
  ministries: (Dated & { kind: string; name: string })[];
  units: (Dated & { ministryId: string; name: string })[];
  provinces: (Dated & { name: string })[];
  departments: (Dated & { provinceId: string; name: string })[];
  /** Border communes (from 1 July 2025) and border districts (until 30 June 2025). */
  borderUnits: (Dated & { level: string; name: string })[];
  partners: { id: string; name: string; nameEn: string }[];
  officialsByAgency: Map<string, string[]>;
}

const inForce = (u: Dated, date: string) => (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || u.validTo >= date);

type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

async function loadReference(q: Record<string, Query>): Promise<Reference> {
  const d = (v: unknown) => (v === null || v === undefined ? null : String(v).slice(0, 10));
  const ministries = (await q.ministries<Record<string, unknown>>(`SELECT id, kind, name_vi, valid_from, valid_to FROM central_body WHERE kind IN ('MINISTRY', 'MINISTERIAL_AGENCY') ORDER BY id`))
    .map((r) => ({ id: String(r.id), kind: String(r.kind), name: String(r.name_vi), validFrom: d(r.valid_from), validTo: d(r.valid_to) }));
  const units = (await q.ministries<Record<string, unknown>>(`SELECT id, ministry_id, name_vi, valid_from, valid_to FROM ministry_unit ORDER BY id`))
    .map((r) => ({ id: String(r.id), ministryId: String(r.ministry_id), name: String(r.name_vi), validFrom: d(r.valid_from), validTo: d(r.valid_to) }));
  const localities = await q.localities<Record<string, unknown>>(`SELECT id, level, name_vi, province_id, border_types, valid_from, valid_to FROM locality ORDER BY id`);
  const provinces = localities.filter((r) => r.level === 'PROVINCE' || r.level === 'CENTRAL_CITY').map((r) => ({ id: String(r.id), name: String(r.name_vi), validFrom: d(r.valid_from), validTo: d(r.valid_to) }));
  const borderUnits = localities
    .filter((r) => r.level !== 'PROVINCE' && r.level !== 'CENTRAL_CITY' && r.border_types && String(r.border_types).includes('LAND'))
    .map((r) => ({ id: String(r.id), level: String(r.level), name: String(r.name_vi), validFrom: d(r.valid_from), validTo: d(r.valid_to) }));
  const departments = (await q.localities<Record<string, unknown>>(`SELECT id, province_id, name_vi, valid_from, valid_to FROM provincial_department ORDER BY id`))
    .map((r) => ({ id: String(r.id), provinceId: String(r.province_id), name: String(r.name_vi), validFrom: d(r.valid_from), validTo: d(r.valid_to) }));
  const partners = (await q.partners<Record<string, unknown>>(`SELECT id, name_vi, name_en FROM partner ORDER BY id`)).map((r) => ({ id: String(r.id), name: String(r.name_vi), nameEn: String(r.name_en) }));
  const officialsByAgency = new Map<string, string[]>();
  const add = (key: string, id: string) => officialsByAgency.set(key, [...(officialsByAgency.get(key) ?? []), id]);
  for (const r of await q.ministries<Record<string, unknown>>(`SELECT id, ministry_id FROM official ORDER BY id`)) add(`MINISTRY:${r.ministry_id}`, String(r.id));
  for (const r of await q.localities<Record<string, unknown>>(`SELECT id, locality_id FROM local_official ORDER BY id`)) add(`LOCALITY:${r.locality_id}`, String(r.id));
  if (!ministries.length || !provinces.length || !partners.length) throw new Error('The reference data is missing: the subgraphs\' seeds did not run');
  return { ministries, units, provinces, departments, borderUnits, partners, officialsByAgency };
}

// ------------------------------------------------------------------------------------------------ table writer

/** Columns the generator fills, per table, in the order of its row arrays. */
const COLUMNS: Record<string, string[]> = {
  commitment: [
    'id', 'code', 'title_vi', 'title_en', 'instrument_class', 'document_type', 'lead_agency_type', 'lead_agency_id', 'owner_agency', 'signed_on', 'signed_at',
    'legal_status', 'implementation_status', 'search_text', 'languages', 'signing_place', 'planned_start', 'planned_end', 'actual_start', 'signed_by', 'decided_by',
    'capability_snapshot', 'rule_set_version', 'lead_agency_name_at_signing', 'parent_consent_at', 'parent_consent_document', 'pm_decision', 'pm_decision_at', 'copy_sent_at',
    'created_at', 'updated_at', 'version',
  ],
  commitment_partner: ['commitment_id', 'partner_id'],
  commitment_field: ['commitment_id', 'field'],
  commitment_party: ['commitment_id', 'agency', 'role', 'responsible_official_id', 'role_description'],
  legal_event: ['commitment_id', 'from_status', 'to_status', 'occurred_at', 'recorded_at', 'actor_subject', 'actor_agency', 'document_ref', 'note'],
  feasibility_assessment: ['id', 'commitment_id', 'budget_amount', 'budget_currency', 'budget_source', 'budget_status', 'staff_count', 'counterpart_readiness', 'verdict', 'status', 'submitted_by', 'submitted_at', 'decided_by', 'decided_at', 'version'],
  consultation: ['id', 'commitment_id', 'consultee', 'sent_on', 'due_working_days', 'due_on', 'replied_at', 'opinion', 'version'],
  action_program: ['id', 'commitment_id', 'owner_agency', 'kind', 'year', 'title', 'status', 'approved_by', 'approved_at', 'submitted_to_mofa_at', 'created_at', 'version'],
  milestone: ['id', 'commitment_id', 'program_id', 'task', 'responsible_official_id', 'owner_agency', 'due_on', 'deliverable', 'weight', 'actual_start', 'completed_at', 'cancelled_at', 'cancellation_reason', 'created_at', 'version'],
  commitment_result: ['id', 'commitment_id', 'type', 'title', 'created_at', 'version'],
  result_indicator: ['id', 'result_id', 'commitment_id', 'title', 'measure', 'direction', 'baseline_value', 'baseline_year', 'created_at', 'version'],
  indicator_period: ['id', 'indicator_id', 'commitment_id', 'period_start', 'period_end', 'target', 'actual', 'version'],
  progress_report: ['id', 'commitment_id', 'period_start', 'period_end', 'achievements', 'completion_level', 'delivery_confidence', 'confidence_justification', 'submitted_by', 'submitted_at', 'version'],
  obstacle: ['id', 'commitment_id', 'milestone_id', 'category', 'description', 'detected_at', 'detected_by', 'severity', 'beyond_authority', 'escalated_to', 'escalated_at', 'resolved_at', 'resolution', 'created_at', 'version'],
  feedback: ['id', 'receipt_hash', 'submitter_kind', 'subject', 'body', 'commitment_id', 'locality_id', 'agency', 'status', 'received_at', 'acknowledged_at', 'resolved_at', 'resolution', 'obstacle_id', 'version'],
  review: ['id', 'kind', 'owner_agency', 'period_start', 'period_end', 'scope', 'chair', 'held_at', 'created_at', 'version'],
  review_decision: ['id', 'review_id', 'decision', 'assignee_agency', 'due_on', 'done_at', 'version'],
  review_entry: ['review_id', 'commitment_id', 'completion_level', 'delivery_confidence', 'confidence_justification', 'recorded_at', 'version'],
};
/** Columns that exist today and the generator leaves to their default (NULL): anything else is new and reported. */
const LEFT_EMPTY: Record<string, string[]> = {
  commitment: ['summary', 'summary_en', 'cooperation_content', 'actual_end', 'activity_id', 'activity_role', 'inherited_from', 'signer_delegation_id', 'parent_consent_document', 'pm_decision_document', 'pm_escalated_on', 'pm_report_sent_at'],
  feasibility_assessment: ['staffing', 'risks', 'conditions', 'decision_note'],
  consultation: ['comments', 'document_ref'],
  action_program: ['approval_document'],
  milestone: ['parent_id', 'means_of_verification', 'planned_start'],
  commitment_result: ['description'],
  progress_report: ['challenges', 'recommendations'],
  feedback: ['submitter_name', 'contact', 'assigned_at', 'response', 'responded_at'],
  review: ['achievements', 'shortcomings'],
  review_decision: ['assignee_official_id'],
  review_entry: ['note'],
  legal_event: ['id'],
};
const STATEMENT_ROWS = 2000;
const BUFFERED_ROWS = 20_000;

/**
 * Buffers rows per table and writes them as multi-row INSERTs, every table in COLUMNS order (parents before
 * children) in one transaction per flush, so triggers that read a parent row find it.
 */
class Writer {
  readonly buffers = new Map<string, unknown[][]>(Object.keys(COLUMNS).map((t) => [t, []]));
  readonly counts: Record<string, number> = {};
  private buffered = 0;
  /** Milliseconds spent waiting for the server. */
  dbMs = 0;
  constructor(private readonly connection: mysql.Connection) {}

  add(table: string, row: unknown[]): Promise<void> | void {
    if (row.length !== COLUMNS[table].length) throw new Error(`${table}: ${row.length} values for ${COLUMNS[table].length} columns`);
    this.buffers.get(table)!.push(row);
    this.counts[table] = (this.counts[table] ?? 0) + 1;
    if (++this.buffered >= BUFFERED_ROWS) return this.flushAll();
  }

  async flushAll(): Promise<void> {
    this.buffered = 0;
    const t = performance.now();
    await this.connection.beginTransaction();
    for (const [table, rows] of this.buffers) {
      for (let i = 0; i < rows.length; i += STATEMENT_ROWS) {
        const values = rows
          .slice(i, i + STATEMENT_ROWS)
          .map((r) => `(${r.map((v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : this.connection.escape(String(v)))).join(',')})`)
          .join(',\n');
        await this.connection.query(`INSERT INTO \`${table}\` (${COLUMNS[table].map((c) => `\`${c}\``).join(', ')}) VALUES ${values}`);
      }
      this.buffers.set(table, []);
    }
    await this.connection.commit();
    this.dbMs += performance.now() - t;
  }
}

/**
 * Fails on a column added since this generator was written that it cannot leave empty (NOT NULL, no default), and
 * reports the nullable ones: a new stored column (a sort key, a search column) must be filled here too.
 */
async function checkColumns(query: Query, database: string, log: (line: string) => void): Promise<void> {
  const rows = await query<{ t: string; c: string; nullable: string; def: unknown; extra: string }>(
    `SELECT table_name AS t, column_name AS c, is_nullable AS nullable, column_default AS def, extra FROM information_schema.columns WHERE table_schema = ?`,
    [database],
  );
  const triggers = await query<{ t: string; name: string }>(
    `SELECT event_object_table AS t, trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = ? AND event_manipulation = 'INSERT'`,
    [database],
  );
  const problems: string[] = [];
  for (const r of rows) {
    if (!COLUMNS[r.t] || COLUMNS[r.t].includes(r.c) || LEFT_EMPTY[r.t]?.includes(r.c)) continue;
    if (/auto_increment|generated|virtual|stored/i.test(r.extra ?? '')) continue;
    if (r.nullable === 'NO' && r.def === null) problems.push(`${r.t}.${r.c} (NOT NULL, no default)`);
    else if (triggers.some((x) => x.t === r.t)) log(`  note: ${r.t}.${r.c} is not written by the generator; the table's insert trigger (${triggers.filter((x) => x.t === r.t).map((x) => x.name).join(', ')}) may fill it`);
    else log(`  note: column ${r.t}.${r.c} is new to the generator and is left to its default; fill it in scripts/bench/generate.ts if queries read it`);
  }
  if (problems.length) throw new Error(`The generator does not fill these columns: ${problems.join(', ')}. Add them to scripts/bench/generate.ts (COLUMNS).`);
}

// ------------------------------------------------------------------------------------------------ the register

interface Lead {
  type: 'MINISTRY' | 'MINISTRY_UNIT' | 'LOCALITY' | 'PROVINCIAL_DEPARTMENT';
  id: string;
  owner: string;
  ownerId: string;
  level: string;
  name: string;
  /** A department or a commune/district signs with its parent's prior consent (V1). */
  needsConsent: boolean;
}

function pickLead(rnd: Rnd, ref: Reference, date: string): Lead {
  const provinceWeight = (id: string) => (id === '01' || id === '79' ? 6 : id === '20' || id === '31' || id === '48' ? 3 : 1);
  for (;;) {
    const roll = rnd.next();
    if (roll < 0.42) {
      const m = rnd.pick(ref.ministries.filter((x) => inForce(x, date)));
      if (m) return { type: 'MINISTRY', id: m.id, owner: `MINISTRY:${m.id}`, ownerId: m.id, level: m.kind === 'MINISTRY' ? 'MINISTRY' : 'MINISTERIAL_AGENCY', name: m.name, needsConsent: false };
    } else if (roll < 0.5) {
      const u = rnd.pick(ref.units.filter((x) => inForce(x, date)));
      if (u) return { type: 'MINISTRY_UNIT', id: u.id, owner: `MINISTRY:${u.ministryId}`, ownerId: u.ministryId, level: 'MINISTRY_UNIT', name: u.name, needsConsent: true };
    } else if (roll < 0.86) {
      const p = rnd.weighted(ref.provinces.filter((x) => inForce(x, date)).map((x) => [x, provinceWeight(x.id)] as const));
      if (p) return { type: 'LOCALITY', id: p.id, owner: `LOCALITY:${p.id}`, ownerId: p.id, level: 'PROVINCIAL_PEOPLES_COMMITTEE', name: p.name, needsConsent: false };
    } else if (roll < 0.93) {
      const d = rnd.pick(ref.departments.filter((x) => inForce(x, date)));
      if (d) return { type: 'PROVINCIAL_DEPARTMENT', id: d.id, owner: `LOCALITY:${d.provinceId}`, ownerId: d.provinceId, level: 'PROVINCIAL_PEOPLES_COMMITTEE', name: d.name, needsConsent: true };
    } else {
      const b = rnd.pick(ref.borderUnits.filter((x) => inForce(x, date)));
      if (b) {
        const level = b.level === 'DISTRICT' ? 'DISTRICT_PEOPLES_COMMITTEE' : 'COMMUNE_PEOPLES_COMMITTEE_BORDER';
        return { type: 'LOCALITY', id: b.id, owner: `LOCALITY:${b.id}`, ownerId: b.id, level, name: b.name, needsConsent: true };
      }
    }
  }
}

/** What the feedback and review passes need of each generated commitment. */
interface Signed {
  id: string;
  code: string;
  signedOn: string;
  owner: string;
  leadType: string;
  leadId: string;
  active: boolean;
  obstacleId: string | null;
}

function splitTotal(rnd: Rnd, total: number, parts: number): number[] {
  if (parts === 0) return [];
  const weights = Array.from({ length: parts }, () => 0.4 + 1.2 * rnd.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let acc = 0;
  let given = 0;
  for (const w of weights) {
    acc += w;
    const upTo = Math.round((total * acc) / sum);
    out.push(upTo - given);
    given = upTo;
  }
  return out;
}

async function generateRegister(w: Writer, ref: Reference, sizes: { commitments: number; milestonesPer: number; feedback: number }, log: (line: string) => void): Promise<void> {
  const rnd = random(20_260_116);
  const today = GENERATED_TODAY;
  const seq: Record<string, number> = {};
  const next = (table: keyof typeof TAG) => benchId(table, (seq[table] = (seq[table] ?? 0) + 1));
  const official = (agency: string, n: number) => {
    const list = ref.officialsByAgency.get(agency);
    return list?.length ? list[n % list.length] : `BENCH-OFFICIAL-${agency.replace(/[^A-Z0-9]/gi, '')}-${n % 3}`;
  };
  const mainPartners = MAIN_PARTNERS.filter((id) => ref.partners.some((p) => p.id === id));
  const partnerById = new Map(ref.partners.map((p) => [p.id, p]));

  // Pass 1: the commitments themselves (in memory: a few hundred bytes each), so milestones can be spread exactly.
  interface Plan {
    n: number;
    id: string;
    code: string;
    lead: Lead;
    instrument: string;
    signedOn: string | null;
    signedAt: string | null;
    legal: string;
    implementation: string;
    workflow: boolean;
    programme: boolean;
    sixClearish: boolean;
  }
  const plans: Plan[] = [];
  for (let n = 1; n <= sizes.commitments; n++) {
    const year = rnd.weighted(YEAR_WEIGHTS);
    const lastDay = year === 2026 ? today : `${year}-12-31`;
    const date = addDays(`${year}-01-01`, rnd.int(daysBetween(`${year}-01-01`, lastDay) + 1));
    const lead = pickLead(rnd, ref, date);
    const instrument = lead.type === 'MINISTRY' && rnd.chance(0.06) ? 'TREATY' : rnd.chance(0.1) ? 'POLITICAL_COMMITMENT' : 'INTERNATIONAL_AGREEMENT';
    const unsigned = date >= '2025-09-01' && rnd.chance(0.15);
    const age = daysBetween(date, today);
    let legal: string;
    let implementation: string;
    if (unsigned) {
      legal = rnd.pick(PRE_SIGNING);
      implementation = 'PIPELINE';
    } else {
      legal = age > 1100 && rnd.chance(0.1)
        ? rnd.pick(['EXPIRED', 'EXPIRED', 'TERMINATED'])
        : rnd.weighted([['IN_FORCE', 55], ['SIGNED', 30], ['AMENDED', 4], ['EXTENDED', 3], ['SUSPENDED', 2], ['TERMINATED', 2], ['EXPIRED', 2]] as const);
      implementation = legal === 'SUSPENDED' ? 'SUSPENDED'
        : legal === 'EXPIRED' || legal === 'TERMINATED' ? rnd.pick(['CLOSED', 'CLOSED', 'FINALISATION'])
        : rnd.chance(0.04) ? 'CANCELLED'
        : age > 730 && rnd.chance(0.12) ? 'CLOSED'
        : rnd.chance(0.06) ? 'FINALISATION'
        : age < 200 && rnd.chance(0.4) ? 'PIPELINE'
        : 'IMPLEMENTATION';
    }
    const signedAt = unsigned ? null : instant(date, 8 + rnd.int(12), rnd.int(60));
    plans.push({
      n, id: next('commitment'), code: `${lead.ownerId}-${year}-B${String(n).padStart(6, '0')}`, lead, instrument,
      signedOn: unsigned ? null : date, signedAt, legal, implementation,
      workflow: date >= '2024-01-01' && rnd.chance(0.55),
      programme: !unsigned && (instrument !== 'POLITICAL_COMMITMENT' ? rnd.chance(0.88) : rnd.chance(0.4)),
      sixClearish: rnd.chance(0.45),
    });
  }
  const withProgramme = plans.filter((p) => p.programme);
  const milestoneCounts = splitTotal(rnd, sizes.commitments * sizes.milestonesPer, withProgramme.length);
  const milestonesOf = new Map(withProgramme.map((p, i) => [p.n, milestoneCounts[i]]));
  if (!withProgramme.length && sizes.milestonesPer > 0 && sizes.commitments > 0) throw new Error('No generated commitment has a programme to hold milestones');

  // Pass 2: every row of each commitment, written in batches.
  const signedList: Signed[] = [];
  let written = 0;
  for (const p of plans) {
    const { lead } = p;
    const [fieldCode, fieldVi, fieldEn] = rnd.weighted(FIELDS.map((f, i) => [f, FIELD_WEIGHTS[i]] as const));
    const partnerIds = [rnd.chance(0.65) ? rnd.pick(mainPartners) : rnd.pick(ref.partners).id];
    if (rnd.chance(0.18)) partnerIds.push(rnd.pick(mainPartners));
    if (rnd.chance(0.05)) partnerIds.push(rnd.pick(ref.partners).id);
    const partners = [...new Set(partnerIds)];
    const [docType, , headVi, headEn] = rnd.weighted(DOCUMENTS[p.instrument].map((d) => [d, d[1]] as const));
    const first = partnerById.get(partners[0])!;
    const year = Number((p.signedOn ?? p.code.split('-').at(-2))!.slice(0, 4));
    const titleVi = `${headVi} ${fieldVi} giữa ${lead.name} và ${first.name} giai đoạn ${year}–${year + 3 + rnd.int(3)}`;
    const titleEn = `${headEn} ${fieldEn} between ${lead.name} and ${first.nameEn} (synthetic benchmark data)`;
    const signedOn = p.signedOn;
    const ia = p.instrument === 'INTERNATIONAL_AGREEMENT';
    const created = signedOn ? instant(addDays(signedOn, -(30 + rnd.int(240))), 9) : instant(addDays(today, -rnd.int(90)), 9);
    const decider = official(lead.owner, p.n);
    const signer = rnd.chance(0.85) ? decider : official(lead.owner, p.n + 1);
    const consent = lead.needsConsent && signedOn && rnd.chance(0.9) ? instant(addDays(signedOn, -(5 + rnd.int(40))), 10) : null;
    const dissent = ia && p.workflow && rnd.chance(0.03);
    const copy = signedOn && p.instrument !== 'POLITICAL_COMMITMENT' && rnd.chance(0.85) ? instant(addDays(signedOn, 1 + rnd.int(rnd.chance(0.85) ? 14 : 40)), 10 + rnd.int(6)) : null;
    const plannedEnd = p.sixClearish || rnd.chance(0.5) ? `${year + 3 + rnd.int(3)}-12-31` : null;
    await w.add('commitment', [
      p.id, p.code, titleVi, titleEn, p.instrument, docType, lead.type, lead.id, lead.owner, signedOn, p.signedAt,
      p.legal, p.implementation, foldForSearch(`${p.code} ${titleVi} ${titleEn}`), 'vi,en', signedOn ? rnd.pick(['Hà Nội', 'Thành phố Hồ Chí Minh', first.name, 'Đà Nẵng']) : null,
      signedOn, plannedEnd, signedOn && p.implementation !== 'PIPELINE' ? addDays(signedOn, rnd.int(120)) : null, signedOn ? signer : null, signedOn ? decider : null,
      signedOn && p.instrument !== 'POLITICAL_COMMITMENT' ? JSON.stringify({ maySign: true, signatoryLevel: lead.level, ruleSetVersion: year >= 2025 ? '2025.2' : '2021.1' }) : null,
      signedOn ? (year >= 2025 ? '2025.2' : '2021.1') : null, signedOn ? lead.name : null, consent, consent ? `Văn bản đồng ý số ${p.n}/UBND` : null,
      dissent ? 'CONSENT' : null, dissent && signedOn ? instant(addDays(signedOn, -3), 15) : null, copy,
      created, p.signedAt ?? created, p.workflow ? 3 + rnd.int(6) : 1,
    ]);
    for (const partnerId of partners) await w.add('commitment_partner', [p.id, partnerId]);
    await w.add('commitment_field', [p.id, fieldCode]);
    if (rnd.chance(0.2)) {
      const other = FIELDS[rnd.int(FIELDS.length)][0];
      if (other !== fieldCode) await w.add('commitment_field', [p.id, other]);
    }
    await w.add('commitment_party', [p.id, `${lead.type}:${lead.id}`, 'LEAD', p.sixClearish || rnd.chance(0.6) ? official(lead.owner, p.n) : null, 'Cơ quan chủ trì']);
    if (rnd.chance(0.3)) {
      const coordinator = lead.type === 'LOCALITY' || lead.type === 'PROVINCIAL_DEPARTMENT' ? 'MINISTRY:MOFA' : `LOCALITY:${rnd.pick(ref.provinces.filter((x) => x.validTo === null)).id}`;
      await w.add('commitment_party', [p.id, coordinator, 'COORDINATING', null, p.sixClearish || rnd.chance(0.8) ? 'Phối hợp triển khai' : null]);
    }

    // The workflow: events, assessment, consultations (recorded through Accords for about half of those since 2024).
    const actor = `bench-${lead.owner.toLowerCase()}`;
    const proposedOn = civilOf(created);
    const signingOn = signedOn ?? today;
    if (p.workflow) {
      const steps: [string, string][] = [['DRAFT', created]];
      const span = Math.max(3, daysBetween(proposedOn, signingOn));
      if (p.legal !== 'DRAFT') steps.push(['FEASIBILITY_REVIEW', instant(addDays(proposedOn, Math.floor(span * 0.2)), 10)]);
      if (!['DRAFT', 'FEASIBILITY_REVIEW'].includes(p.legal)) steps.push(['CONSULTING', instant(addDays(proposedOn, Math.floor(span * 0.4)), 10)]);
      if (signedOn) {
        steps.push(['APPROVED_TO_SIGN', instant(addDays(signedOn, -2), 10)]);
        steps.push(['SIGNED', p.signedAt!]);
        if (p.legal !== 'SIGNED') steps.push([p.legal, instant(addDays(signedOn, 10 + rnd.int(120)), 10)]);
      } else if (p.legal === 'AWAITING_DECISION' || p.legal === 'APPROVED_TO_SIGN') {
        steps.push([p.legal, instant(addDays(proposedOn, Math.floor(span * 0.8)), 10)]);
      }
      let from: string | null = null;
      for (const [to, at] of steps) {
        const occurred = at > instant(today, 23) ? instant(today, 9) : at;
        await w.add('legal_event', [p.id, from, to, occurred, occurred, actor, lead.owner, to === 'SIGNED' ? `Văn bản ký số ${p.n}` : null, to === 'DRAFT' ? 'Proposed' : null]);
        from = to;
      }
    }
    if ((p.workflow || rnd.chance(0.3)) && p.instrument !== 'POLITICAL_COMMITMENT' && p.legal !== 'DRAFT') {
      const submitted = instant(addDays(proposedOn, 3 + rnd.int(10)), 9);
      const decided = rnd.chance(0.85) ? (signedOn && rnd.chance(0.92) ? instant(addDays(signedOn, -(3 + rnd.int(20))), 14) : instant(addDays(signingOn, 2 + rnd.int(10)), 14)) : null;
      const verdict = rnd.weighted([['FEASIBLE', 70], ['CONDITIONAL', 25], ['NOT_FEASIBLE', 5]] as const);
      await w.add('feasibility_assessment', [
        next('feasibility_assessment'), p.id, rnd.chance(0.6) ? `${(1 + rnd.int(500)) * 1_000_000}.00` : null, 'VND', rnd.pick(['STATE_BUDGET', 'LOCAL_BUDGET', 'PARTNER', 'ODA_GRANT']),
        rnd.pick(['SECURED', 'COMMITTED', 'REQUESTED', 'NOT_IDENTIFIED']), 2 + rnd.int(20), rnd.pick(['READY', 'READY', 'PARTIAL', 'UNKNOWN']), verdict,
        decided ? (verdict === 'NOT_FEASIBLE' ? 'REJECTED' : 'APPROVED') : 'SUBMITTED', actor, submitted < created ? created : submitted, decided ? `${actor}-approver` : null, decided && decided < submitted ? submitted : decided, 1,
      ]);
    }
    if (ia && (p.workflow || rnd.chance(0.25)) && !['DRAFT', 'FEASIBILITY_REVIEW'].includes(p.legal)) {
      const sentOn = signedOn ? addDays(signedOn, -(25 + rnd.int(60))) : addDays(proposedOn, 10);
      const consultees = ['MINISTRY:MOFA', ...new Set(Array.from({ length: rnd.int(3) }, () => rnd.pick(CONSULTEES)))].filter((c) => c !== lead.owner);
      for (const [k, consultee] of consultees.entries()) {
        const days = rnd.weighted([[3 + rnd.int(7), 75], [10 + rnd.int(15), 20], [-1, 5]] as const);
        const repliedOn = days < 0 ? null : addDays(sentOn, days);
        const replied = repliedOn && repliedOn <= today ? instant(repliedOn, 9 + rnd.int(8)) : null;
        await w.add('consultation', [next('consultation'), p.id, consultee, sentOn, 7, addDays(sentOn, 9), replied, replied ? (dissent && k === 0 ? 'DISAGREE' : rnd.chance(0.7) ? 'AGREE' : 'AGREE_WITH_COMMENTS') : null, 1]);
      }
    }

    if (signedOn) {
      const active = ['SIGNED', 'IN_FORCE', 'AMENDED', 'EXTENDED'].includes(p.legal) && !['CLOSED', 'CANCELLED'].includes(p.implementation);
      const entry: Signed = { id: p.id, code: p.code, signedOn, owner: lead.owner, leadType: lead.type, leadId: lead.id, active, obstacleId: null };
      signedList.push(entry);
      const milestoneIds: { id: string; due: string }[] = [];
      if (p.programme) {
        const lag = rnd.chance(0.12) ? null : rnd.chance(0.6) ? rnd.int(45) : 45 + rnd.int(200);
        const approvedOn = lag === null ? null : addDays(signedOn, lag);
        const approved = approvedOn !== null && approvedOn <= today;
        const programId = next('action_program');
        await w.add('action_program', [programId, p.id, lead.owner, 'LONG_TERM', year, `Chương trình thực hiện ${p.code}`, approved ? 'APPROVED' : 'DRAFT', approved ? `${actor}-approver` : null, approved ? instant(approvedOn!, 9 + rnd.int(8)) : null, null, created, approved ? 2 : 1]);
        if (active && year < 2026 && rnd.chance(0.3)) {
          const planYear = year + 1;
          const deadline = `${year}-11-15`;
          const submittedOn = rnd.weighted([[addDays(deadline, -(1 + rnd.int(40))), 75], [addDays(deadline, 1 + rnd.int(40)), 15], [null, 10]] as const);
          await w.add('action_program', [next('action_program'), p.id, lead.owner, 'ANNUAL', planYear, `Kế hoạch năm ${planYear} thực hiện ${p.code}`, submittedOn ? 'APPROVED' : 'DRAFT', submittedOn ? `${actor}-approver` : null, submittedOn ? instant(addDays(submittedOn, -2), 9) : null, submittedOn && submittedOn <= today ? instant(submittedOn, 10) : null, instant(`${year}-09-01`, 9), 1]);
        }
        const count = milestonesOf.get(p.n) ?? 0;
        const spacing = Math.max(10, Math.round(1400 / Math.max(1, count)));
        const weighted = rnd.chance(0.3);
        const clearPeople = p.sixClearish || rnd.chance(0.5);
        const clearProducts = p.sixClearish || rnd.chance(0.6);
        for (let k = 0; k < count; k++) {
          const id = next('milestone');
          const due = addDays(signedOn, 30 + k * spacing + rnd.int(spacing));
          const outcome = rnd.next();
          let completed: string | null = null;
          if (due <= today) {
            if (outcome < 0.55) completed = instant(addDays(due, -rnd.int(25)), 15);
            else if (outcome < 0.8) completed = instant(addDays(due, 1 + rnd.int(60)), 15);
          } else if (outcome < 0.15) completed = instant(addDays(due, -(10 + rnd.int(60))), 15);
          if (completed && civilOf(completed) > today) completed = null;
          if (completed && civilOf(completed) < signedOn) completed = instant(signedOn, 16);
          const cancelled = !completed && rnd.chance(0.03) ? instant(addDays(signedOn, 20 + rnd.int(Math.max(1, daysBetween(signedOn, today) - 20))), 11) : null;
          const started = k === 0 && approvedOn && rnd.chance(0.5) ? addDays(approvedOn, rnd.int(15) - 5) : null;
          await w.add('milestone', [
            id, p.id, programId, `Hoạt động ${k + 1}: ${fieldVi} (${p.code})`, clearPeople || rnd.chance(0.5) ? official(lead.owner, p.n + k) : null, lead.owner, due,
            clearProducts || rnd.chance(0.7) ? rnd.pick(['Báo cáo kết quả', 'Biên bản nghiệm thu', 'Hội thảo chuyên đề', 'Đoàn công tác']) : null, weighted ? 1 + rnd.int(3) : null,
            started && started <= today ? started : null, completed, cancelled, cancelled ? 'Điều chỉnh kế hoạch' : null, created, completed || cancelled ? 2 : 1,
          ]);
          milestoneIds.push({ id, due });
        }
        if (p.sixClearish || rnd.chance(0.4)) {
          const resultId = next('commitment_result');
          const indicatorId = next('result_indicator');
          const descending = rnd.chance(0.1);
          const baseline = descending ? 100 : rnd.int(5);
          await w.add('commitment_result', [resultId, p.id, rnd.pick(['OUTPUT', 'OUTPUT', 'OUTCOME', 'IMPACT']), `Kết quả: ${fieldVi}`, created, 1]);
          await w.add('result_indicator', [indicatorId, resultId, p.id, descending ? 'Thời gian thông quan (giờ)' : 'Số hoạt động hợp tác', 'UNIT', descending ? 'DESCENDING' : 'ASCENDING', baseline, year, created, 1]);
          for (let y = year; y <= Math.min(year + 1, 2026); y++) {
            const target = descending ? 60 + rnd.int(30) : baseline + 4 + rnd.int(10);
            const actual = `${y}-12-31` <= today ? (descending ? 50 + rnd.int(50) : baseline + rnd.int(16)) : null;
            await w.add('indicator_period', [next('indicator_period'), indicatorId, p.id, `${y}-01-01`, `${y}-12-31`, target, actual, 1]);
          }
        }
      }
      const reports = p.implementation === 'PIPELINE' ? 0 : rnd.int(5);
      for (let r = 0; r < reports; r++) {
        const periodEnd = addDays(signedOn, 90 * (r + 1));
        const submittedOn = addDays(periodEnd, 5 + rnd.int(20));
        if (submittedOn > today) break;
        await w.add('progress_report', [
          next('progress_report'), p.id, addDays(periodEnd, -89), periodEnd, 'Đã triển khai các hoạt động theo kế hoạch (dữ liệu mẫu).', LEVELS[Math.min(4, 1 + rnd.int(2) + Math.floor(r / 2))],
          rnd.weighted([['GREEN', 30], ['AMBER_GREEN', 30], ['AMBER', 22], ['AMBER_RED', 12], ['RED', 6]] as const), 'Đánh giá của cơ quan chủ trì.', actor, instant(submittedOn, 10), 1,
        ]);
      }
      if (rnd.chance(0.2)) {
        const detectedOn = addDays(signedOn, 20 + rnd.int(400));
        if (detectedOn <= today) {
          const milestone = milestoneIds.length && rnd.chance(0.6) ? rnd.pick(milestoneIds) : null;
          const beyond = rnd.chance(0.3);
          const resolvedOn = rnd.chance(0.6) ? addDays(detectedOn, 5 + rnd.int(beyond ? 180 : 90)) : null;
          const obstacleId = next('obstacle');
          entry.obstacleId = obstacleId;
          await w.add('obstacle', [
            obstacleId, p.id, milestone?.id ?? null, rnd.pick(['LEGAL', 'FINANCIAL', 'ADMINISTRATIVE', 'TECHNICAL', 'PARTNER', 'COORDINATION', 'OTHER']), 'Vướng mắc trong triển khai (dữ liệu mẫu).',
            instant(detectedOn, 10), actor, rnd.pick(['LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'CRITICAL']), beyond ? 1 : 0, beyond ? 'MINISTRY:MOFA' : null, beyond ? instant(addDays(detectedOn, 3), 10) : null,
            resolvedOn && resolvedOn <= today ? instant(resolvedOn, 16) : null, resolvedOn && resolvedOn <= today ? 'Đã tháo gỡ.' : null, instant(detectedOn, 10), resolvedOn ? 2 : 1,
          ]);
        }
      }
    }
    if (++written % 20_000 === 0) log(`  ${written.toLocaleString('en')} commitments written`);
  }

  // Feedback: most on a signed commitment (received after the signing), the rest on a province in general.
  const provincesNow = ref.provinces.filter((x) => x.validTo === null);
  for (let n = 1; n <= sizes.feedback; n++) {
    const onCommitment = signedList.length > 0 && rnd.chance(0.85);
    const c = onCommitment ? rnd.pick(signedList) : null;
    const from = c ? c.signedOn : '2021-01-01';
    const receivedOn = addDays(from, rnd.int(Math.max(1, daysBetween(from, today))));
    const received = instant(receivedOn, 7 + rnd.int(14), rnd.int(60));
    const ackDays = rnd.chance(0.9) ? 1 + rnd.int(6) : null;
    const resolveDays = rnd.chance(0.6) ? 3 + rnd.int(40) : null;
    const ack = ackDays !== null && addDays(receivedOn, ackDays) <= today ? instant(addDays(receivedOn, ackDays), 10) : null;
    const resolved = ack && resolveDays !== null && addDays(receivedOn, resolveDays) <= today ? instant(addDays(receivedOn, resolveDays), 15) : null;
    const locality = c ? (c.leadType === 'LOCALITY' ? c.leadId : null) : rnd.pick(provincesNow).id;
    await w.add('feedback', [
      next('feedback'), createHash('sha256').update(`accords-bench-feedback:${n}`).digest('hex'), rnd.pick(['BUSINESS', 'CITIZEN', 'EXPERT', 'ASSOCIATION', 'ORGANISATION']),
      c ? `Góp ý về ${c.code}` : 'Góp ý về hợp tác quốc tế của địa phương', 'Nội dung góp ý (dữ liệu mẫu).', c?.id ?? null, locality, c ? c.owner : `LOCALITY:${locality}`,
      resolved ? 'RESOLVED' : ack ? 'ACKNOWLEDGED' : 'RECEIVED', received, ack, resolved, resolved ? 'Đã trả lời người gửi.' : null,
      c?.obstacleId && rnd.chance(0.1) ? c.obstacleId : null, resolved ? 3 : ack ? 2 : 1,
    ]);
  }

  // Reviews: a quarterly review by about 60% of owning agencies each quarter; each active commitment appears in some.
  const reviews = new Map<string, string>();
  const reviewOf = (owner: string, quarter: string): string | null => {
    if (unit(`${owner}/${quarter}`) >= 0.6) return null;
    const [, end] = quarterBounds(quarter);
    if (addDays(end, 20) > today) return null;
    const key = `${owner}/${quarter}`;
    let id = reviews.get(key);
    if (!id) reviews.set(key, (id = next('review')));
    return id;
  };
  for (const c of signedList) {
    if (!c.active) continue;
    for (let q = quarterOf(addDays(c.signedOn, 92)); q <= quarterOf(today); q = quarterOf(addDays(quarterBounds(q)[1], 1))) {
      if (!rnd.chance(0.35)) continue;
      const review = reviewOf(c.owner, q);
      if (!review) continue;
      const held = instant(addDays(quarterBounds(q)[1], 5 + Math.floor(unit(`${c.owner}/${q}/held`) * 15)), 9);
      await w.add('review_entry', [review, c.id, rnd.pick(LEVELS.slice(1)), rnd.pick(CONFIDENCE), 'Theo báo cáo của cơ quan chủ trì.', held, 1]);
    }
  }
  for (const [key, id] of reviews) {
    const [owner, quarter] = key.split('/');
    const [start, end] = quarterBounds(quarter);
    const heldOn = addDays(end, 5 + Math.floor(unit(`${key}/held`) * 15));
    await w.add('review', [id, 'QUARTERLY', owner, start, end, `Sơ kết ${quarter} việc thực hiện các thỏa thuận quốc tế`, `Lãnh đạo ${owner}`, instant(heldOn, 9), instant(heldOn, 9), 1]);
    for (let k = 0; k < 2; k++) {
      const due = addDays(heldOn, 30 + rnd.int(60));
      const doneOn = rnd.chance(0.7) ? addDays(heldOn, 10 + rnd.int(90)) : null;
      await w.add('review_decision', [next('review_decision'), id, `Kết luận ${k + 1}: đôn đốc thực hiện (dữ liệu mẫu).`, owner, due, doneOn && doneOn <= today ? instant(doneOn, 15) : null, 1]);
    }
  }
  await w.flushAll();
}

// ------------------------------------------------------------------------------------------------ entry points

const GENERATED_CODE = `'-B[0-9]{6}$'`;

/** Creates (or, with `fresh`, recreates) the benchmark databases and loads the register. */
export async function generateBenchData(options: GenerateOptions = {}): Promise<GenerateResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const serverUrl = options.mysqlUrl ?? process.env.BENCH_MYSQL_URL ?? process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
  const prefix = assertSafeIdentifier(options.prefix ?? process.env.BENCH_DB_PREFIX ?? DEFAULT_PREFIX);
  const sizes = {
    commitments: options.commitments ?? Number(process.env.BENCH_COMMITMENTS ?? 100_000),
    milestonesPer: options.milestonesPer ?? Number(process.env.BENCH_MILESTONES_PER ?? 10),
    feedback: options.feedback ?? Number(process.env.BENCH_FEEDBACK ?? 100_000),
  };
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name}: ${value} is not a whole number ≥ 0`);
  }
  if (sizes.commitments > 999_999) throw new Error('commitments: at most 999,999 (codes carry six digits)');
  const target = parseDatabaseUrl(serverUrl);
  if (target.kind !== 'mysql') throw new Error(`The benchmark register needs MySQL/MariaDB; ${serverUrl} is not a mysql:// URL`);
  const subgraphs = configuredSubgraphs();
  const databaseUrls = Object.fromEntries(subgraphs.map((s) => [s.name, withDatabase(serverUrl, `${prefix}${s.name}`)]));
  const seconds: Record<string, number> = {};
  const started = performance.now();
  const lap = (phase: string, since: number) => (seconds[phase] = Number(((performance.now() - since) / 1000).toFixed(1)));

  const server = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password, dateStrings: true, timezone: "Z" });
  try {
    if (options.fresh) {
      for (const s of subgraphs) await server.query(`DROP DATABASE IF EXISTS \`${prefix}${s.name}\``);
      log(`Dropped ${subgraphs.map((s) => `${prefix}${s.name}`).join(', ')}`);
    }
    // Reference and demo data through each subgraph's own migrations and seed, on a fixed clock.
    let t = performance.now();
    const logger = createLogger({ service: 'bench-data', level: 'warn' });
    for (const s of subgraphs) {
      const runtime = await openSubgraph(s.module, { databaseUrl: databaseUrls[s.name], seed: 'demo', logger, clock: fixedClock(`${GENERATED_TODAY}T03:00:00Z`) });
      await runtime.close();
    }
    lap('migrate and seed', t);
    log(`Migrated and seeded ${subgraphs.length} databases (${prefix}<subgraph>) in ${seconds['migrate and seed']} s`);

    const db = `${prefix}commitments`;
    const query: Query = async <T>(sql: string, params: unknown[] = []) => (await server.query(sql, params))[0] as T[];
    const [{ n: existing }] = await query<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${db}\`.commitment WHERE code REGEXP ${GENERATED_CODE}`);
    if (Number(existing) > 0) {
      const counts = await countGenerated(query, db);
      const want = { commitments: sizes.commitments, milestones: sizes.commitments * sizes.milestonesPer, feedback: sizes.feedback };
      if (counts.commitments === want.commitments && counts.milestones === want.milestones && counts.feedback === want.feedback) {
        log(`The register is already loaded (${counts.commitments.toLocaleString('en')} commitments, ${counts.milestones.toLocaleString('en')} milestones, ${counts.feedback.toLocaleString('en')} feedback): nothing to do (--fresh regenerates it).`);
        return { databaseUrls, sizes: counts, rows: {}, seconds, skipped: true };
      }
      throw new Error(`${db} holds a generated register of another size (${JSON.stringify(counts)}; asked ${JSON.stringify(want)}): run with --fresh to drop and regenerate it`);
    }

    const connection = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password, database: db, timezone: 'Z', charset: 'utf8mb4_bin' });
    try {
      await checkColumns(query, db, log);
      const per = (name: string) => async <T>(sql: string, params: unknown[] = []) => (await server.query(sql.replace(/\bFROM (\w+)/g, `FROM \`${prefix}${name}\`.$1`), params))[0] as T[];
      const ref = await loadReference({ ministries: per('ministries'), localities: per('localities'), partners: per('partners') });
      t = performance.now();
      const writer = new Writer(connection);
      await connection.query('SET SESSION unique_checks = 0');
      log(`Generating ${sizes.commitments.toLocaleString('en')} commitments, ${(sizes.commitments * sizes.milestonesPer).toLocaleString('en')} milestones, ${sizes.feedback.toLocaleString('en')} feedback items into ${db} ...`);
      await generateRegister(writer, ref, sizes, log);
      await connection.query('SET SESSION unique_checks = 1');
      lap('generate and insert', t);
      t = performance.now();
      for (const table of Object.keys(COLUMNS)) await connection.query(`ANALYZE TABLE \`${table}\``);
      lap('analyze', t);
      seconds.total = Number(((performance.now() - started) / 1000).toFixed(1));
      const rows = writer.counts;
      seconds['waiting for the server'] = Number((writer.dbMs / 1000).toFixed(1));
      log(`Loaded in ${seconds['generate and insert']} s, of which ${seconds['waiting for the server']} s waiting for the server (analyze ${seconds.analyze} s, total ${seconds.total} s):`);
      for (const [table, n] of Object.entries(rows).sort((a, b) => b[1] - a[1])) log(`  ${table.padEnd(24)} ${n.toLocaleString('en').padStart(11)}`);
      return { databaseUrls, sizes: { commitments: sizes.commitments, milestones: sizes.commitments * sizes.milestonesPer, feedback: sizes.feedback }, rows, seconds, skipped: false };
    } finally {
      await connection.end();
    }
  } finally {
    await server.end();
  }
}

/** Generated rows now in the commitments database (by their codes and id prefixes). */
export async function countGenerated(query: Query, db: string): Promise<{ commitments: number; milestones: number; feedback: number }> {
  const [row] = await query<Record<string, unknown>>(
    `SELECT (SELECT COUNT(*) FROM \`${db}\`.commitment WHERE id LIKE ?) AS commitments, (SELECT COUNT(*) FROM \`${db}\`.milestone WHERE id LIKE ?) AS milestones,
            (SELECT COUNT(*) FROM \`${db}\`.feedback WHERE id LIKE ?) AS feedback`,
    [`${benchId('commitment', 0).slice(0, 8)}-%`, `${benchId('milestone', 0).slice(0, 8)}-%`, `${benchId('feedback', 0).slice(0, 8)}-%`],
  );
  return { commitments: Number(row.commitments), milestones: Number(row.milestones), feedback: Number(row.feedback) };
}

if (require.main === module) {
  generateBenchData({ fresh: process.argv.includes('--fresh') }).then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
