import { PassThrough } from 'node:stream';

import { createLogTail, forEachLine } from './log-lines';

describe('forEachLine', () => {
  it('joins lines split across chunks and passes on a last line without a newline', async () => {
    const source = new PassThrough();
    const lines: string[] = [];
    forEachLine(source, (line) => lines.push(line));
    source.write('{"msg":"fir');
    source.write('st"}\nsecond\nthi');
    source.end('rd');
    await new Promise((resolve) => source.on('end', resolve));
    expect(lines).toEqual(['{"msg":"first"}', 'second', 'third']);
  });
});

describe('createLogTail', () => {
  it('keeps only the newest lines', () => {
    const tail = createLogTail(2);
    ['a', 'b', 'c'].forEach((line) => tail.push(line));
    expect(tail.lines()).toEqual(['b', 'c']);
  });
});
