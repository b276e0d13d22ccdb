import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { createLogger } from '@accords/logger';
import { createGateway } from '../src/server';

describe('self-hosted', () => {
  it('calls no vendor cloud: starting the gateway sends no request to any host (no telemetry, no cloud metadata probes)', async () => {
    // Recorded and refused: even if this regresses, nothing leaves the machine.
    const refuse = () => {
      throw new Error('no network in this test');
    };
    const requests = [http, https].flatMap((module) => [jest.spyOn(module, 'request').mockImplementation(refuse), jest.spyOn(module, 'get').mockImplementation(refuse)]);
    const fetches = jest.spyOn(globalThis, 'fetch').mockImplementation(refuse);
    const apollo = createGateway({
      supergraphSdl: fs.readFileSync(path.join(__dirname, '..', 'supergraph.graphql'), 'utf8'),
      development: false,
      // Outside development the gateway refuses to start without the shared secret (tests/secure-defaults.test.ts).
      internalSecret: 'no-phone-home-test-secret-with-32-characters',
      logger: createLogger({ service: 'test', level: 'silent' }),
    });
    await apollo.start();
    await new Promise((resolve) => setImmediate(resolve));
    await apollo.stop();
    expect(requests.flatMap((spy) => spy.mock.calls)).toEqual([]);
    expect(fetches.mock.calls).toEqual([]);
    jest.restoreAllMocks();
  });
});
