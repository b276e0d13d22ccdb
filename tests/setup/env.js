/**
 * Every Jest test file starts here (jest.config.js `setupFiles`):
 * - the tests opt into development explicitly (services default to production when NODE_ENV is unset);
 * - the suite runs under one fixed instant, so no test depends on the machine's clock. The instant is late 2026
 *   because the fixtures record events of 2025-2026 that must not be "in the future". A test that wants another
 *   instant builds its own clock; `tests/clock.test.ts` keeps one check on the real clock.
 */
process.env.NODE_ENV = 'development';
if (!process.env.ACCORDS_FIXED_NOW) process.env.ACCORDS_FIXED_NOW = '2026-11-30T03:00:00Z';
// The synthetic KPI demo register (927 commitments) only where a test asks for it (tests/kpis-demo.test.ts).
if (!process.env.ACCORDS_DEMO_REGISTER) process.env.ACCORDS_DEMO_REGISTER = 'off';
