/** Compose published ports in both syntaxes of the Compose specification, read with `yaml`. */
import { describe, expect, it } from 'vitest';
import { composePorts, interpolate, parseShortPort } from '../../../electron/core/init/compose-ports.ts';

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
      - "127.0.0.1:8443:443"
      - "3000"
  db:
    image: postgres:16
    ports:
      - target: 5432
        published: "5433"
        host_ip: 127.0.0.1
        protocol: tcp
  dns:
    image: coredns/coredns
    ports:
      - "5353:53/udp"
      - "[::1]:5354:53/tcp"
  range:
    build: .
    ports:
      - "9090-9091:8080-8081"
      - "7000-7100:80"
      - 49160:22
  admin:
    image: adminer
    ports:
      - "\${ADMIN_PORT:-8081}:8080"
      - "\${MISSING_PORT}:9999"
`;

describe('composePorts', () => {
  const result = composePorts(COMPOSE, new Map([['ADMIN_PORT', '8090']]));
  const ports = result.ports.map((p) => [p.service, p.port, p.hostIp, p.containerPort, p.line]);

  it('reads short and long syntax, host addresses and ranges, with their lines', () => {
    expect(ports).toEqual([
      ['web', 8080, null, 80, 5],
      ['web', 8443, '127.0.0.1', 443, 6],
      ['db', 5433, '127.0.0.1', 5432, 11],
      ['dns', 5354, '::1', 53, 19],
      ['range', 9090, null, 8080, 23],
      ['range', 9091, null, 8081, 23],
      ['range', 49160, null, 22, 25],
      ['admin', 8090, null, 8080, 29],
    ]);
    expect(result.ports.find((p) => p.service === 'db')?.image).toBe('postgres:16');
  });

  it('says why an entry gives nothing to watch (no fixed host port, a host range for one container port, a variable with no value)', () => {
    expect(result.skipped.map((s) => s.line)).toEqual([7, 24, 30]);
    expect(result.skipped[0]?.reason).toContain('Docker picks one');
    expect(result.skipped[1]?.reason).toContain('host range 7000-7100 for one container port');
  });

  it('leaves UDP out, caps long ranges and throws the yaml error on bad YAML', () => {
    expect(ports.some(([, port]) => port === 5353)).toBe(false);
    const big = composePorts('services:\n  a:\n    ports: ["6000-6999:6000-6999"]\n');
    expect(big.ports).toHaveLength(10);
    expect(big.skipped[0]?.reason).toContain('spans 1000 ports');
    expect(() => composePorts('services:\n  a: [unclosed\n')).toThrow();
  });

  it('parses the short forms of the specification', () => {
    expect(parseShortPort('::1:6000:6000')).toMatchObject({ hostIp: '::1', host: [6000, 6000], container: [6000, 6000] });
    expect(parseShortPort('127.0.0.1:5000-5010:5000-5010')).toMatchObject({ hostIp: '127.0.0.1', host: [5000, 5010] });
    expect(parseShortPort('6060:6060/udp')).toMatchObject({ protocol: 'udp' });
    expect(parseShortPort('3000')).toMatchObject({ host: null, container: [3000, 3000] });
  });

  it('interpolates like Compose: $$ is a dollar, :- and - defaults', () => {
    const env = new Map([
      ['SET', '1'],
      ['EMPTY', ''],
    ]);
    expect(interpolate('$$HOME ${SET} $SET ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} ${UNSET}', env)).toBe('$HOME 1 1 d  d ');
  });
});
