import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTrace, tempStore, type TempStore } from './make-trace';

const SECRET = 'sk-ant-api03-PLANTEDsecretVALUE-0123456789abcdef';
const GOOGLE_KEY = 'AIzaSyPLANTED-google-key-987654';

/** Every byte the database left on disk: main file, WAL and shared memory. */
function databaseBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((file) => file.startsWith('ais.db'))
      .map((file) => readFileSync(path.join(dir, file))),
  );
}

function plantEverywhere(): ReturnType<typeof makeTrace> {
  return makeTrace({
    path: `/v1beta/models/gemini-2.5-pro:generateContent?key=${GOOGLE_KEY}`,
    status: 401,
    error: `upstream said: invalid x-api-key ${SECRET}`,
    warnings: [{ code: 'echo', message: `key ${SECRET} echoed` }],
    decision: { note: `tried ${SECRET}` },
    attempts: [
      {
        providerId: 'google',
        keyIndex: 0,
        url: `https://generativelanguage.googleapis.com/v1beta/models/x?key=${GOOGLE_KEY}`,
        error: `bad ${SECRET}`,
        startedAt: 1,
      },
    ],
    bodies: {
      clientRequest: `{"system":"my key is ${SECRET}"}`,
      upstreamRequest: Buffer.from(`binary\u0000${SECRET}\u0000${GOOGLE_KEY}`, 'latin1'),
      upstreamResponse: `{"error":{"message":"Incorrect API key provided: ${SECRET}"}}`.repeat(50),
    },
    headers: {
      clientRequest: { authorization: 'Bearer route-key-abcdefgh', 'x-custom': `token ${SECRET}` },
      upstreamRequest: {
        'x-api-key': SECRET,
        'x-goog-api-key': GOOGLE_KEY,
        'api-key': 'azure-key-123456789',
        cookie: 'session=abc',
      },
    },
  });
}

describe('secret redaction', () => {
  let temp: TempStore;
  afterEach(() => temp.cleanup());

  it('a planted provider key appears nowhere in the database files, only as a last-4 marker', () => {
    temp = tempStore();
    const store = temp.open({ secrets: () => [SECRET, GOOGLE_KEY, 'short'] });
    const trace = plantEverywhere();
    store.recorder.record(trace);
    store.flush();
    const detail = store.queries.getTrace(trace.id);
    const everything = JSON.stringify(detail, (_key, value: unknown) =>
      typeof value === 'object' && value !== null && (value as { type?: string }).type === 'Buffer'
        ? Buffer.from((value as { data: number[] }).data).toString('latin1')
        : value,
    );
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(GOOGLE_KEY);
    expect(detail?.error).toBe('upstream said: invalid x-api-key <redacted:…cdef>');
    expect(detail?.path).toBe('/v1beta/models/gemini-2.5-pro:generateContent?key=<redacted:…7654>');
    expect(detail?.bodies.clientRequest?.content).toBe('{"system":"my key is <redacted:…cdef>"}');
    expect(Buffer.isBuffer(detail?.bodies.upstreamRequest?.content)).toBe(true);
    expect((detail?.bodies.upstreamRequest?.content as Buffer).toString('utf8')).toBe(
      'binary\u0000<redacted:…cdef>\u0000<redacted:…7654>',
    );
    expect(detail?.headers.clientRequest).toEqual({
      authorization: '<redacted>',
      'x-custom': 'token <redacted:…cdef>',
    });
    expect(detail?.headers.upstreamRequest).toEqual({
      'x-api-key': '<redacted>',
      'x-goog-api-key': '<redacted>',
      'api-key': '<redacted>',
      cookie: '<redacted>',
    });
    store.close();
    const bytes = databaseBytes(temp.dir);
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [SECRET, GOOGLE_KEY, 'route-key-abcdefgh', 'azure-key-123456789']) {
      expect(bytes.includes(Buffer.from(secret, 'latin1'))).toBe(false);
    }
  });

  it('control: without configured secrets the same key does reach the file (so the check above can fail)', () => {
    temp = tempStore();
    const store = temp.open({ secrets: () => [] });
    store.recorder.record(plantEverywhere());
    store.close();
    expect(databaseBytes(temp.dir).includes(Buffer.from(SECRET, 'latin1'))).toBe(true);
  });

  it('a secret straddling the body cap leaves no usable prefix behind', () => {
    temp = tempStore();
    const store = temp.open({ bodyCapBytes: 200, secrets: () => [SECRET] });
    const body = 'a'.repeat(190) + SECRET + 'b'.repeat(100);
    const trace = makeTrace({ bodies: { clientRequest: body } });
    store.recorder.record(trace);
    store.flush();
    const stored = store.queries.getTrace(trace.id)?.bodies.clientRequest;
    expect(stored?.truncated).toBe(true);
    expect(stored?.content).toBe('a'.repeat(190) + '<redacted:');
    expect(stored?.content).not.toContain(SECRET.slice(0, 10));
  });
});
