import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isAllowedAddress } from './url-policy.ts';

describe('checkWebhookUrl', () => {
  it.each(['https://his.example.org/pregon', 'https://203.0.113.10/hook'])('accepts %s', (url) => {
    expect(checkWebhookUrl(url, false).toString()).toBe(url);
  });
  it.each([
    ['http://his.example.org/pregon', /https/],
    ['ftp://example.org/x', /https/],
    ['https://user:pw@example.org/x', /credentials/],
    ['https://10.1.2.3/x', /private/],
    ['https://169.254.169.254/latest/meta-data', /private/],
    ['https://[fd00::1]/x', /private/],
    ['https://[::ffff:192.168.1.1]/x', /private/],
    ['https://intranet/x', /public host/],
    ['http://localhost:8080/x', /loopback/],
    ['https://127.0.0.1/x', /loopback/],
    ['not a url', /absolute URL/],
  ])('rejects %s', (url, why) => {
    expect(() => checkWebhookUrl(url, false)).toThrow(why);
  });
  it('accepts loopback, over http too, only when allowed', () => {
    expect(checkWebhookUrl('http://localhost:8080/x', true).hostname).toBe('localhost');
    expect(checkWebhookUrl('http://[::1]:8080/x', true).hostname).toBe('[::1]');
  });
});

describe('isAllowedAddress', () => {
  it('judges resolved addresses', () => {
    expect(isAllowedAddress('93.184.216.34', false)).toBe(true);
    expect(isAllowedAddress('192.168.0.10', true)).toBe(false);
    expect(isAllowedAddress('127.0.0.1', false)).toBe(false);
    expect(isAllowedAddress('127.0.0.1', true)).toBe(true);
    expect(isAllowedAddress('::ffff:10.0.0.1', true)).toBe(false);
  });
});
