/**
 * The serviceSecret / licenseKey pair the Rakuten fake accepts unless a test
 * sets another through __fake/config {credentials: {serviceSecret, licenseKey}}.
 * Shaped like RMS keys (SP/SL + shop id); they open nothing but the fake.
 */
export const RAKUTEN_FAKE_CREDENTIALS = { serviceSecret: 'SP123456_fakeServiceSecret', licenseKey: 'SL123456_fakeLicenseKey' } as const;
