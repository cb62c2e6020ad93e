/**
 * scripts/lib/net-retry.sh, which every download of `npm run tools` runs through (issue 12: one "TLS handshake
 * timeout" from the module proxy failed a cold run): a transient network error is retried, a refusal is final, the
 * number of attempts is bounded, and every attempt's output stays in the log.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const LIB = path.resolve(__dirname, '..', '..', 'scripts', 'lib', 'net-retry.sh');

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'net-retry-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs net_retry on a command that prints the given lines, one per attempt, and fails on each until its last line,
 * which succeeds when it is `ok`. Returns the exit code, the attempts made and the log.
 */
function retry(outputs: readonly string[]): { status: number | null; attempts: number; log: string } {
  const counter = path.join(tmp, 'n');
  const log = path.join(tmp, 'log');
  fs.writeFileSync(counter, '0');
  const lines = outputs.map((o, i) => `  ${i + 1}) echo ${JSON.stringify(o)}; [ ${JSON.stringify(o)} = ok ];;`).join('\n');
  const script = `set -euo pipefail
. ${JSON.stringify(LIB)}
attempt() {
  n=$(( $(cat ${counter}) + 1 )); echo "$n" >${counter}
  case $n in
${lines}
  *) echo "no output planned for attempt $n"; return 9;;
  esac
}
net_retry ${log} attempt`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, TOOLS_RETRY_DELAYS: '0 0' } });
  return { status: r.status, attempts: Number(fs.readFileSync(counter, 'utf8')), log: fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '' };
}

describe('net_retry (scripts/lib/net-retry.sh)', () => {
  it('runs a command that succeeds once', () => {
    expect(retry(['ok'])).toMatchObject({ status: 0, attempts: 1, log: 'ok\n' });
  });

  it('retries a transient network error until the command succeeds, keeping every attempt in the log', () => {
    const handshake = 'Get "https://proxy.golang.org/x/@v/v1.zip": net/http: TLS handshake timeout';
    const r = retry([handshake, 'read tcp 10.0.0.1:443: i/o timeout', 'ok']);
    expect(r).toMatchObject({ status: 0, attempts: 3 });
    expect(r.log.split('\n').filter((l) => l.startsWith('[net_retry]'))).toEqual([
      '[net_retry] attempt 1 failed on a transient network error; attempt 2 in 0s',
      '[net_retry] attempt 2 failed on a transient network error; attempt 3 in 0s',
    ]);
    expect(r.log).toContain(handshake);
  });

  it('gives up after the last delay with the command exit code', () => {
    const r = retry(['TLS handshake timeout', 'TLS handshake timeout', 'TLS handshake timeout', 'ok']);
    expect(r).toMatchObject({ status: 1, attempts: 3 });
  });

  it('does not retry a refusal or a build error', () => {
    expect(retry(['reading https://proxy.golang.org/x/@v/v9.zip: 404 Not Found', 'ok'])).toMatchObject({ status: 1, attempts: 1 });
    expect(retry(['main.go:3:1: syntax error: non-declaration statement outside function body', 'ok'])).toMatchObject({ status: 1, attempts: 1 });
  });
});
