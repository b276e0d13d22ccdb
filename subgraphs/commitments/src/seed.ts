import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { In, type DataSource } from 'typeorm';
import { foldForSearch, syncReferenceRows, withTransaction } from '@accords/db';
import type { Logger } from '@accords/logger';
import { systemClock, type Clock } from '@accords/config';
import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity, PublicHolidayEntity } from './db';
import demo from './data/demo-commitments.json';
import { seedDemoRegister } from './kpis/demo-register';

/** A stable id for a demo record, derived from its code, so re-seeding never duplicates. */
export function demoIdFor(code: string): string {
  const h = createHash('sha1').update(`accords-demo:${code}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface HolidayFile {
  version: string;
  years: Record<string, { date: string; nameVi: string; nameEn: string }[]>;
  makeUpWorkingDays?: Record<string, { date: string; nameVi: string; nameEn: string }[]>;
}

/** Public holidays (reference data, always loaded): working-day deadlines are computed over them. */
async function seedHolidays(db: DataSource, logger?: Logger): Promise<void> {
  const file = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'public-holidays.json'), 'utf8')) as HolidayFile;
  const rows = [
    ...Object.values(file.years).flat().map((h) => Object.assign(new PublicHolidayEntity(), h, { kind: 'DAY_OFF' })),
    ...Object.values(file.makeUpWorkingDays ?? {}).flat().map((h) => Object.assign(new PublicHolidayEntity(), h, { kind: 'MAKE_UP_WORKING_DAY' })),
  ];
  const result = await withTransaction(db, (m) => syncReferenceRows(m, PublicHolidayEntity, rows, 'date'));
  logger?.info({ ...result, dataVersion: file.version }, 'Public holidays loaded');
}

/** Reference data (public holidays) always; demo commitments only with SEED=demo, idempotent by code. */
export async function seed(db: DataSource, options: { demo: boolean; logger?: Logger; clock?: Clock }): Promise<void> {
  await seedHolidays(db, options.logger);
  if (!options.demo) return;
  const now = (options.clock ?? systemClock).now();
  const rows = demo.commitments.map((c) =>
    Object.assign(new CommitmentEntity(), {
      id: demoIdFor(c.code),
      code: c.code,
      titleVi: c.titleVi,
      titleEn: c.titleEn,
      summary: null,
      instrumentClass: c.instrumentClass,
      documentType: c.documentType,
      leadAgencyType: c.lead[0],
      leadAgencyId: c.lead[1],
      // Demo leads are ministries and localities, which own themselves.
      ownerAgency: `${c.lead[0]}:${c.lead[1]}`,
      signedOn: c.signedOn,
      legalStatus: c.legalStatus,
      searchText: foldForSearch(`${c.code} ${c.titleVi} ${c.titleEn}`),
      createdAt: now,
      version: 1,
    }),
  );
  await withTransaction(db, async (m) => {
    const result = await syncReferenceRows(m, CommitmentEntity, rows, 'code', [
      'titleVi', 'titleEn', 'instrumentClass', 'documentType', 'leadAgencyType', 'leadAgencyId', 'ownerAgency', 'signedOn', 'legalStatus', 'searchText',
    ]);
    const ids = rows.map((r) => r.id);
    const havePartners = new Set((await m.findBy(CommitmentPartnerEntity, { commitmentId: In(ids) })).map((p) => `${p.commitmentId}|${p.partnerId}`));
    const haveFields = new Set((await m.findBy(CommitmentFieldEntity, { commitmentId: In(ids) })).map((f) => `${f.commitmentId}|${f.field}`));
    const partners = demo.commitments.flatMap((c) => c.partners.map((partnerId) => ({ commitmentId: demoIdFor(c.code), partnerId })));
    const fields = demo.commitments.flatMap((c) => c.fields.map((field) => ({ commitmentId: demoIdFor(c.code), field })));
    const newPartners = partners.filter((p) => !havePartners.has(`${p.commitmentId}|${p.partnerId}`));
    const newFields = fields.filter((f) => !haveFields.has(`${f.commitmentId}|${f.field}`));
    if (newPartners.length) await m.insert(CommitmentPartnerEntity, newPartners);
    if (newFields.length) await m.insert(CommitmentFieldEntity, newFields);
    options.logger?.info({ ...result, dataVersion: demo.version }, 'Demo commitments loaded');
  });
  // The synthetic register behind the KPIs (kpis/demo-register.ts); the test suite turns it off (tests/setup/env.js).
  if (process.env.ACCORDS_DEMO_REGISTER !== 'off') await seedDemoRegister(db, { idFor: demoIdFor, now, logger: options.logger });
}
