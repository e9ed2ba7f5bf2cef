import { describe, expect, it } from 'vitest';
import { contentType, decodeWords, readMessage } from './mime.js';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('MIME reader of the SMTP simulator', () => {
  it('decodes B and Q encoded words, joining adjacent ones', () => {
    expect(decodeWords('=?UTF-8?B?R2Vyw6R0?= =?UTF-8?Q?_=C3=BCbergeben?= done')).toBe('Gerät übergeben done');
    expect(decodeWords('=?iso-8859-1?q?caf=E9?=')).toBe('café');
    expect(decodeWords('plain text')).toBe('plain text');
  });

  it('reads content types with quoted parameters', () => {
    expect(contentType('Multipart/Alternative; boundary="--b 1"; charset=utf-8')).toEqual({
      type: 'multipart/alternative',
      params: { boundary: '--b 1', charset: 'utf-8' },
    });
    expect(contentType(undefined).type).toBe('text/plain');
  });

  it('unfolds headers, keeps repeated ones, and decodes a quoted-printable body', () => {
    const read = readMessage(
      crlf([
        'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
        ' aus =?UTF-8?Q?Z=C3=BCrich?=',
        'Received: from a',
        'Received: from b',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Caf=C3=A9 with a soft=',
        ' break',
        '',
      ]),
    );
    expect(read.headers.subject).toBe('Grüße aus Zürich');
    expect(read.headers.received).toBe('from a, from b');
    expect(read.text).toBe('Café with a soft break');
    expect(read.html).toBeNull();
  });

  it('finds the text and HTML parts of a multipart message, skipping attachments', () => {
    const read = readMessage(
      crlf([
        'Content-Type: multipart/mixed; boundary="outer"',
        '',
        'preamble',
        '--outer',
        'Content-Type: multipart/alternative; boundary=inner',
        '',
        '--inner',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('Grüße\r\nzwei').toString('base64'),
        '--inner',
        'Content-Type: text/html',
        '',
        '<p>Hi</p>',
        '--inner--',
        '--outer',
        'Content-Type: text/plain',
        'Content-Disposition: attachment; filename=x.txt',
        '',
        'not the body',
        '--outer--',
        '',
      ]),
    );
    expect(read.text).toBe('Grüße\r\nzwei');
    expect(read.html).toBe('<p>Hi</p>');
  });
});
