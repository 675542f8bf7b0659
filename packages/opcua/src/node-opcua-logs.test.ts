import { make_warningLog, setErrorLogger, setWarningLogger } from 'node-opcua';
import { afterAll, describe, expect, it } from 'vitest';
import { routeNodeOpcuaLogs } from './node-opcua-logs.js';

describe('routeNodeOpcuaLogs', () => {
  afterAll(() => {
    setWarningLogger(() => undefined);
    setErrorLogger(() => undefined);
  });

  it("sends node-opcua's warnings to the logger at debug, on one line", () => {
    const records: { level: string; obj: object; msg: string | undefined }[] = [];
    const at = (level: string) => (obj: object, msg?: string) => void records.push({ level, obj, msg });
    routeNodeOpcuaLogs({ debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') });
    make_warningLog('test')('certificate', 'rejected\n   thumbprint:', 42);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 'debug', obj: { component: 'node-opcua' } });
    expect(records[0]!.msg).toMatch(/certificate rejected thumbprint: 42$/);
  });
});
