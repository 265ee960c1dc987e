import { readFile } from 'node:fs/promises';
import { ConfigError } from './config';

/** Certificate chain and private key, PEM, for serving https/wss. */
export interface TlsFiles {
  cert: string | Buffer;
  key: string | Buffer;
}

/** Reads `JETBRIDGE_TLS_CERT` / `JETBRIDGE_TLS_KEY`; a file that cannot be read stops the hub, named. */
export async function readTlsFiles(paths: { cert: string; key: string }): Promise<TlsFiles> {
  const read = async (variable: string, file: string) => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new ConfigError(
        `${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  };
  return {
    cert: await read('JETBRIDGE_TLS_CERT', paths.cert),
    key: await read('JETBRIDGE_TLS_KEY', paths.key),
  };
}
