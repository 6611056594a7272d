import { describe, expect, it } from 'vitest';
import { parsePromMatrix } from '../../../../shared/baseline/prometheusResponse';

describe('parsePromMatrix refuses what is not a Prometheus matrix, in one line', () => {
  it.each([
    ['an HTML login page', '<html><body>Sign in</body></html>', /not JSON/],
    ['a truncated body', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"2"', /not JSON/],
    ['an instant vector', '{"status":"success","data":{"resultType":"vector","result":[]}}', /resultType/],
    ['a value that is not a string', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}', /values/],
    ['times going backwards', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[2,"1"],[1,"2"]]}]}}', /ascending/],
    ['JSON of something else', '[1,2,3]', /not a Prometheus range-query answer/],
  ])('%s', (_what, body, message) => {
    const r = parsePromMatrix(body);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(message);
      expect(r.message).not.toContain('\n');
    }
  });

  it("passes Prometheus' own refusal on, without control characters", () => {
    const r = parsePromMatrix('{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries.\\u001b[31m"}');
    expect(r).toEqual({ ok: false, message: 'Prometheus refused the query (bad_data): exceeded maximum resolution of 11,000 points per timeseries. [31m' });
  });

  it('reads NaN and Inf samples as NaN', () => {
    const r = parsePromMatrix('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"device":"ppp0"},"values":[[1,"NaN"],[2,"+Inf"],[3,"42"]]}]}}');
    expect(r.ok && Array.from(r.series[0]!.v)).toEqual([Number.NaN, Number.NaN, 42]);
  });
});
