import { generate } from 'selfsigned';

/** A certificate authority made for one test run; its private key never leaves memory. */
export interface TestCertificateAuthority {
  /** PEM: what the client under test is told to trust. */
  cert: string;
  key: string;
}

export interface TestServerCertificate {
  cert: string;
  key: string;
}

const DAY_MS = 86_400_000;

/**
 * A CA as a private push service (or a corporate proxy) would have one. Created at test time
 * with `selfsigned`, so no private key is ever committed. EC keys: generated in milliseconds.
 */
export async function createTestCertificateAuthority(
  name = 'Jetbridge Test CA',
): Promise<TestCertificateAuthority> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** A server certificate for 127.0.0.1 and localhost, issued by `ca`. */
export async function issueServerCertificate(
  ca: TestCertificateAuthority,
): Promise<TestServerCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + DAY_MS),
    ca: { cert: ca.cert, key: ca.key },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
