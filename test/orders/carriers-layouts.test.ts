import { describe, expect, it } from 'vitest';
import { CARRIER_LAYOUTS, parseTimeSlot, parseTrackingFile, shippingCsv, shippingRows, type CarrierOrder } from '../../worker/orders/carriers';
import { itemLines, itemSummary, postal, sjisBytes, spread } from '../../worker/orders/carriers/common';

/**
 * The carrier layouts as data, checked against the column lists recorded from
 * the carriers' published layouts (sources in each layout file), and the pure
 * pieces around them: time-slot codes, cell formats, result-file reading.
 */

/** B2クラウド 送り状発行データレイアウト 入出力用, No.1–95. */
const B2_COLUMNS = [
  'お客様管理番号', '送り状種類', 'クール区分', '伝票番号', '出荷予定日', 'お届け予定日', '配達時間帯', 'お届け先コード', 'お届け先電話番号', 'お届け先電話番号枝番',
  'お届け先郵便番号', 'お届け先住所', 'お届け先アパートマンション名', 'お届け先会社・部門１', 'お届け先会社・部門２', 'お届け先名', 'お届け先名(ｶﾅ)', '敬称', 'ご依頼主コード', 'ご依頼主電話番号',
  'ご依頼主電話番号枝番', 'ご依頼主郵便番号', 'ご依頼主住所', 'ご依頼主アパートマンション', 'ご依頼主名', 'ご依頼主名(ｶﾅ)', '品名コード１', '品名１', '品名コード２', '品名２',
  '荷扱い１', '荷扱い２', '記事', 'ｺﾚｸﾄ代金引換額（税込)', '内消費税額等', '止置き', '営業所コード', '発行枚数', '個数口表示フラグ', '請求先顧客コード',
  '請求先分類コード', '運賃管理番号', 'クロネコwebコレクトデータ登録', 'クロネコwebコレクト加盟店番号', 'クロネコwebコレクト申込受付番号１', 'クロネコwebコレクト申込受付番号２', 'クロネコwebコレクト申込受付番号３', 'お届け予定ｅメール利用区分', 'お届け予定ｅメールe-mailアドレス', '入力機種',
  'お届け予定ｅメールメッセージ', 'お届け完了ｅメール利用区分', 'お届け完了ｅメールe-mailアドレス', 'お届け完了ｅメールメッセージ', 'クロネコ収納代行利用区分', '予備', '収納代行請求金額(税込)', '収納代行内消費税額等', '収納代行請求先郵便番号', '収納代行請求先住所',
  '収納代行請求先住所（アパートマンション名）', '収納代行請求先会社・部門名１', '収納代行請求先会社・部門名２', '収納代行請求先名(漢字)', '収納代行請求先名(カナ)', '収納代行問合せ先名(漢字)', '収納代行問合せ先郵便番号', '収納代行問合せ先住所', '収納代行問合せ先住所（アパートマンション名）', '収納代行問合せ先電話番号',
  '収納代行管理番号', '収納代行品名', '収納代行備考', '複数口くくりキー', '検索キータイトル1', '検索キー1', '検索キータイトル2', '検索キー2', '検索キータイトル3', '検索キー3',
  '検索キータイトル4', '検索キー4', '検索キータイトル5', '検索キー5', '予備', '予備', '投函予定メール利用区分', '投函予定メールe-mailアドレス', '投函予定メールメッセージ', '投函完了メール（お届け先宛）利用区分',
  '投函完了メール（お届け先宛）e-mailアドレス', '投函完了メール（お届け先宛）メールメッセージ', '投函完了メール（ご依頼主宛）利用区分', '投函完了メール（ご依頼主宛）e-mailアドレス', '投函完了メール（ご依頼主宛）メールメッセージ',
];

/** e飛伝Ⅱ 出荷データ 標準パターン, 1–42. */
const EHIDEN2_COLUMNS = [
  '住所録コード', 'お届け先電話番号', 'お届け先郵便番号', 'お届け先住所１', 'お届け先住所２', 'お届け先住所３', 'お届け先名称１', 'お届け先名称２', 'お客様管理ナンバー', 'お客様コード',
  '部署・担当者', '荷送人電話番号', 'ご依頼主電話番号', 'ご依頼主郵便番号', 'ご依頼主住所１', 'ご依頼主住所２', 'ご依頼主名称１', 'ご依頼主名称２', '荷姿コード', '品名１',
  '品名２', '品名３', '品名４', '品名５', '出荷個数', '便種（スピードで選択）', '便種（商品）', '配達日', '配達指定時間帯', '配達指定時間（時分）',
  '代引金額', '消費税', '決済種別', '保険金額', '保険金額印字', '指定シール①', '指定シール②', '指定シール③', '営業店止め', 'ＳＲＣ区分',
  '営業店コード', '元着区分',
];

/** ゆうパックプリントR 発送予定データ, №1–117 (positional, no header row). */
const YUPRI_COLUMNS = [
  'お客様側管理番号', '発送予定日', '発送予定時間区分', '出荷期限日', '到着期限日', '郵便種別', '保冷種別', '元／着払／代引', '書留／セキュリティ／特定記録種別', '配達時間帯指定郵便種別',
  '送り状種別', 'お届け先 コード', 'お届け先 郵便番号', 'お届け先 住所１', 'お届け先 住所２', 'お届け先 住所３', 'お届け先 名称１', 'お届け先 名称２', 'お届け先 敬称区分', 'お届け先 電話番号',
  'お届け先 メールアドレス１', 'お届け先 局留め区分', 'お届け先 局留め郵便局名', 'お届け先 局留めメール使用区分', 'お届け先 局留め郵便番号', 'お届け先 配達予告メール使用区分', 'お届け先 再配達予告メール使用区分', 'ご依頼主 コード', 'ご依頼主 集荷先と同一区分', 'ご依頼主 郵便番号',
  'ご依頼主 住所１', 'ご依頼主 住所２', 'ご依頼主 住所３', 'ご依頼主 名称１', 'ご依頼主 名称２', 'ご依頼主 敬称', 'ご依頼主 電話番号', 'ご依頼主 メールアドレス１', 'ご依頼主 荷送人指図区分', 'ご依頼主 お届け通知メール使用区分',
  'ご依頼主 お届け通知はがき使用区分', '集荷先 コード', '集荷先 連携可否区分', '集荷先 会社コード', '集荷先 依頼先店所コード', '集荷先 郵便番号', '集荷先 住所１', '集荷先 住所２', '集荷先 住所３', '集荷先 名称１',
  '集荷先 名称２', '集荷先 敬称', '集荷先 電話番号', '受注番号', 'こわれもの区分', 'なまもの区分', 'ビン類区分', '逆さま厳禁区分', '下積み厳禁区分', '商品サイズ区分',
  '重量合計（ｇ）', '25kg超重量物区分', '損害要償額', '速達・配達日指定種別', '配達指定日／希望日', '配達時間帯区分', '差出方法区分', 'ゆうパック複数個割引', 'ゆうパック同一割引', 'セット商品コード',
  'セット品名ラベル印字区分', '複数個口数', '記事名１', '記事名２', 'フリー項目０１', 'フリー項目０２', 'フリー項目０３', 'フリー項目０４', 'フリー項目０５', 'フリー項目０６',
  'フリー項目０７', 'フリー項目０８', 'フリー項目０９', 'フリー項目１０', '空港利用区分', '空港・局／支店名', '航空会社名', '利用便名', 'レジャー区分', 'プレー・搭乗日',
  'プレー・搭乗時間', 'クラブ本数', '復路集貨日', '出荷先登録名', '集荷希望区分', '集荷日付', '集荷時間帯区分', '支店連携先選択用名称', '代引金額', '代引消費税金額',
  '送り状発行年月日', '商品番号', '品名', '個数', '重量（ｇ）', '単価', '金額', '商品備考０１', '商品備考０２', '商品備考０３',
  '商品備考０４', '商品備考０５', '商品備考０６', '商品備考０７', '商品備考０８', '商品備考０９', '商品備考１０',
];

const order = (over: Partial<CarrierOrder> & { timeSlot?: string | null } = {}): CarrierOrder => {
  const { timeSlot, ...rest } = over;
  return {
    id: '01JORDER',
    number: 'K000042',
    channelId: 'manual',
    externalId: 'SHOP-1001',
    status: 'ready_to_ship',
    orderedAt: '2026-11-30T01:00:00.000Z',
    customer: { name: '山田 太郎', email: null, phone: null },
    shipTo: { name: '山田 太郎', postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', address1: '北一条西2-1', address2: 'サンプルビル 3F', phone: '090-1234-5678' },
    payment: { method: 'credit_card', paid: true, raw: null },
    shipping: { method: null, desiredDate: '2026-12-03', timeSlot: timeSlot === undefined ? '14-16' : timeSlot, carrier: null, trackingNumber: null, shippedAt: null },
    note: null,
    totals: { items: 3000, shipping: 600, fees: 0, discount: 0, points: 0, tax: 327, total: 3600 },
    stockWarning: false,
    reserved: true,
    flags: [],
    cancelledAt: null,
    createdAt: '2026-11-30T01:00:00.000Z',
    updatedAt: '2026-11-30T01:00:00.000Z',
    lines: [
      { sku: 'TEA-1', name: '煎茶 100g', quantity: 2 },
      { sku: 'CUP-1', name: '湯呑み', quantity: 1 },
    ],
    ...rest,
  };
};

const shipper = { name: '蔵ショップ', postalCode: '1000001', address: '東京都千代田区千代田1-1', phone: '03-1234-5678' };
const ctx = { shipDate: '2026-12-01' };
const cell = (id: keyof typeof CARRIER_LAYOUTS, o: CarrierOrder, header: string) => {
  const layout = CARRIER_LAYOUTS[id];
  const i = layout.columns.findIndex((c) => c.header === header);
  if (i < 0) throw new Error(`no column ${header}`);
  return shippingRows(layout, [o], shipper, ctx)[0][i];
};

describe('carrier layouts match the published column lists', () => {
  it('B2クラウド has the 95 columns of its 入出力用 layout, in order, with a header row', () => {
    expect(CARRIER_LAYOUTS.yamato_b2.columns.map((c) => c.header)).toEqual(B2_COLUMNS);
    expect(CARRIER_LAYOUTS.yamato_b2.headerRow).toBe(true);
  });

  it('e飛伝Ⅱ has the 42 columns of its standard pattern, in order, with a header row', () => {
    expect(CARRIER_LAYOUTS.sagawa_ehiden2.columns.map((c) => c.header)).toEqual(EHIDEN2_COLUMNS);
    expect(CARRIER_LAYOUTS.sagawa_ehiden2.headerRow).toBe(true);
  });

  it('ゆうプリR has the 117 positional columns of its 発送予定データ layout and no header row', () => {
    expect(CARRIER_LAYOUTS.japanpost_yupri.columns.map((c) => c.header)).toEqual(YUPRI_COLUMNS);
    expect(CARRIER_LAYOUTS.japanpost_yupri.headerRow).toBe(false);
  });

  it('every layout cites its source and keeps the documented sizes of the key fields', () => {
    for (const layout of Object.values(CARRIER_LAYOUTS)) expect(layout.sources.length, layout.id).toBeGreaterThan(0);
    const max = (id: keyof typeof CARRIER_LAYOUTS, h: string) => CARRIER_LAYOUTS[id].columns.find((c) => c.header === h)?.max;
    expect(max('yamato_b2', 'お届け先名')).toEqual({ size: 32, unit: 'bytes' }); // 全角16/半角32
    expect(max('yamato_b2', '配達時間帯')).toEqual({ size: 4, unit: 'bytes' });
    expect(max('sagawa_ehiden2', 'お届け先住所１')).toEqual({ size: 16, unit: 'chars' });
    expect(max('sagawa_ehiden2', '品名１')).toEqual({ size: 32, unit: 'bytes' });
    expect(max('japanpost_yupri', 'お客様側管理番号')).toEqual({ size: 15, unit: 'bytes' });
  });

  it('a row has exactly one cell per column, for every carrier', () => {
    for (const layout of Object.values(CARRIER_LAYOUTS)) {
      const rows = shippingRows(layout, [order(), order({ number: 'K000043' })], shipper, ctx);
      expect(rows.map((r) => r.length), layout.id).toEqual([layout.columns.length, layout.columns.length]);
    }
  });
});

describe('time slots: Kura’s free text to each carrier’s code', () => {
  it('reads the ways malls write a slot', () => {
    expect(parseTimeSlot('午前中')).toEqual({ kind: 'am' });
    expect(parseTimeSlot('午前中（8時～12時）')).toEqual({ kind: 'am' });
    expect(parseTimeSlot('08:00-12:00')).toEqual({ kind: 'am' });
    expect(parseTimeSlot('0812')).toEqual({ kind: 'am' });
    for (const s of ['14-16', '1416', '14:00-16:00', '14時～16時', '１４時〜１６時', '14:00 ~ 16:00', '14時頃-16時頃']) expect(parseTimeSlot(s), s).toEqual({ kind: 'range', from: 14, to: 16 });
    for (const s of [null, undefined, '', '指定なし', ' なし ']) expect(parseTimeSlot(s), String(s)).toEqual({ kind: 'none' });
    for (const s of ['夜', 'いつでも', '16-14', '25-26', '14:30-16:30']) expect(parseTimeSlot(s), s).toBeNull();
  });

  it('Yamato: 0812 / 1416 / 1618 / 1820 / 1921, blank for none, no code for withdrawn 12–14 and 20–21', () => {
    const code = CARRIER_LAYOUTS.yamato_b2.timeSlotCode;
    expect(['午前中', '14-16', '16:00-18:00', '18時～20時', '1921', '指定なし'].map(code)).toEqual(['0812', '1416', '1618', '1820', '1921', '']);
    expect(code('12-14')).toBeNull();
    expect(code('20-21')).toBeNull();
    expect(code('夕方')).toBeNull();
  });

  it('Sagawa: 01 / 12 / 14 / 16 / 18 / 19, and 04 for 18–21', () => {
    const code = CARRIER_LAYOUTS.sagawa_ehiden2.timeSlotCode;
    expect(['午前中', '12-14', '1416', '16時～18時', '18-20', '19:00-21:00', '18-21', ''].map(code)).toEqual(['01', '12', '14', '16', '18', '19', '04', '']);
    expect(code('20-21')).toBeNull();
  });

  it('Japan Post: 00 / 51 / 52 / 53 / 54 / 55 / 57', () => {
    const code = CARRIER_LAYOUTS.japanpost_yupri.timeSlotCode;
    expect(['', '午前中', '12:00-14:00', '14-16', '1618', '18時～20時', '19-21'].map(code)).toEqual(['00', '51', '52', '53', '54', '55', '57']);
    expect(code('20-21')).toBeNull();
  });

  it('the slot lands in each carrier’s 配達時間帯 column', () => {
    expect(cell('yamato_b2', order({ timeSlot: '14:00-16:00' }), '配達時間帯')).toBe('1416');
    expect(cell('sagawa_ehiden2', order({ timeSlot: '午前中' }), '配達指定時間帯')).toBe('01');
    expect(cell('japanpost_yupri', order({ timeSlot: '12-14' }), '配達時間帯区分')).toBe('52');
    expect(cell('japanpost_yupri', order({ timeSlot: null }), '配達時間帯区分')).toBe('00');
  });
});

describe('cells in each carrier’s format', () => {
  it('postal codes keep their leading zero: 7 digits, or XXX-XXXX where the layout says so', () => {
    expect(postal('060-0001')).toBe('0600001');
    expect(postal('０６０－０００１')).toBe('0600001');
    expect(postal('0600001', true)).toBe('060-0001');
    expect(cell('yamato_b2', order(), 'お届け先郵便番号')).toBe('0600001');
    expect(cell('sagawa_ehiden2', order(), 'お届け先郵便番号')).toBe('0600001');
    expect(cell('japanpost_yupri', order(), 'お届け先 郵便番号')).toBe('060-0001');
  });

  it('dates: B2 YYYY/MM/DD, e飛伝Ⅱ and ゆうプリR YYYYMMDD', () => {
    expect(cell('yamato_b2', order(), '出荷予定日')).toBe('2026/12/01');
    expect(cell('yamato_b2', order(), 'お届け予定日')).toBe('2026/12/03');
    expect(cell('sagawa_ehiden2', order(), '配達日')).toBe('20261203');
    expect(cell('japanpost_yupri', order(), '発送予定日')).toBe('20261201');
    expect(cell('japanpost_yupri', order(), '配達指定日／希望日')).toBe('20261203');
  });

  it('the order number goes where the result file brings it back', () => {
    expect(cell('yamato_b2', order(), 'お客様管理番号')).toBe('K000042');
    expect(cell('sagawa_ehiden2', order(), 'お客様管理ナンバー')).toBe('K000042');
    expect(cell('japanpost_yupri', order(), 'お客様側管理番号')).toBe('K000042');
  });

  it('cash on delivery still to collect: B2 コレクト with amount and tax, ゆうプリR 代引き', () => {
    const cod = order({ payment: { method: 'cod', paid: false, raw: null } });
    expect([cell('yamato_b2', cod, '送り状種類'), cell('yamato_b2', cod, 'ｺﾚｸﾄ代金引換額（税込)'), cell('yamato_b2', cod, '内消費税額等')]).toEqual(['2', '3600', '327']);
    expect([cell('yamato_b2', order(), '送り状種類'), cell('yamato_b2', order(), 'ｺﾚｸﾄ代金引換額（税込)')]).toEqual(['0', '']);
    expect([cell('japanpost_yupri', cod, '元／着払／代引'), cell('japanpost_yupri', cod, '代引金額')]).toEqual(['2', '3600']);
    expect(cell('sagawa_ehiden2', cod, '代引金額')).toBe('3600');
  });

  it('e飛伝Ⅱ spreads the address over its three 16-character fields without losing any of it', () => {
    const o = order({ shipTo: { ...order().shipTo, prefecture: '神奈川県', city: '足柄上郡山北町', address1: '山北一丁目二番地三号の四十五番地', address2: 'グランドメゾン山北ヒルズ東館１２０３号室' } });
    const parts = ['お届け先住所１', 'お届け先住所２', 'お届け先住所３'].map((h) => cell('sagawa_ehiden2', o, h));
    expect(parts[0]).toBe('神奈川県足柄上郡山北町');
    expect(parts.join('')).toBe('神奈川県足柄上郡山北町山北一丁目二番地三号の四十五番地グランドメゾン山北ヒルズ東館１２０３号室');
    expect(parts.slice(0, 2).every((p) => [...p].length <= 16)).toBe(true);
    expect(spread(['a', 'b'], 3, 16, 'chars')).toEqual(['ab', '', '']);
  });

  it('品名 fits its field in Shift_JIS bytes and says how many more lines there are', () => {
    expect(sjisBytes('ｱA')).toBe(2);
    expect(sjisBytes('煎茶')).toBe(4);
    expect(cell('yamato_b2', order(), '品名１')).toBe('煎茶 100g 他1点');
    const long = [{ sku: 'X', name: '特選深蒸し掛川茶・極上一番摘み・限定百缶・桐箱入り', quantity: 1 }, ...order().lines];
    const summary = itemSummary(long, { size: 50, unit: 'bytes' });
    expect(sjisBytes(summary)).toBeLessThanOrEqual(50);
    expect(summary.endsWith(' 他2点')).toBe(true);
    const six = Array.from({ length: 6 }, (_, i) => ({ sku: `S${i}`, name: null, quantity: i + 1 }));
    expect(itemLines(six, 5, { size: 32, unit: 'bytes' })).toEqual(['S0 ×1', 'S1 ×2', 'S2 ×3', 'S3 ×4', '他2点']);
  });

  it('the file: header row only where the carrier expects one, CRLF, cells that would run as formulas neutralised, codes untouched', () => {
    const evil = order({ shipTo: { ...order().shipTo, name: '=HYPERLINK("http://x")', address2: '@SUM(1)' } });
    const b2 = shippingCsv(CARRIER_LAYOUTS.yamato_b2, shippingRows(CARRIER_LAYOUTS.yamato_b2, [evil], shipper, ctx));
    expect(b2.split('\r\n')[0].startsWith('お客様管理番号,送り状種類,')).toBe(true);
    expect(b2.endsWith('\r\n')).toBe(true);
    expect(b2.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(b2).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(b2).toContain(",'@SUM(1),");
    expect(b2).toContain(',1416,');
    expect(b2).toContain(',090-1234-5678,');
    const yp = shippingCsv(CARRIER_LAYOUTS.japanpost_yupri, shippingRows(CARRIER_LAYOUTS.japanpost_yupri, [order()], shipper, ctx));
    expect(yp.startsWith('K000042,20261201,')).toBe(true);
    expect(yp.split('\r\n')).toHaveLength(2);
  });
});

describe('reading a carrier’s result file', () => {
  const b2 = CARRIER_LAYOUTS.yamato_b2;
  const b2Row = (ref: string, slip: string) => [ref, '0', '0', slip, '2026/12/01'];

  it('B2 with its header: お客様管理番号 and 伝票番号, by name', () => {
    const r = parseTrackingFile(b2, [B2_COLUMNS, [...b2Row('K000001', '444413758703'), ...Array(90).fill('')]]);
    expect(r).toEqual({ count: 1, rows: [{ line: 2, orderRef: 'K000001', trackingNumber: '444413758703' }], problems: [] });
  });

  it('B2 without a header: columns 1 and 4; blank lines skipped; bad rows reported by line', () => {
    const r = parseTrackingFile(b2, [b2Row('K000001', '444413758703'), [''], b2Row('K000002', ''), b2Row('', '444413758714'), b2Row('K000003', '4.44414E+11'), ['K000004', '0']]);
    expect(r.count).toBe(5);
    expect(r.rows).toEqual([{ line: 1, orderRef: 'K000001', trackingNumber: '444413758703' }]);
    expect(r.problems.map((p) => [p.line, p.orderRef, p.code])).toEqual([
      [3, 'K000002', 'missing_tracking_number'],
      [4, null, 'missing_order_ref'],
      [5, 'K000003', 'invalid_tracking_number'],
      [6, 'K000004', 'missing_columns'],
    ]);
  });

  it('the same label twice is one row; the same order with two numbers is a problem', () => {
    const r = parseTrackingFile(b2, [b2Row('K000001', '444413758703'), b2Row('K000001', '444413758703'), b2Row('K000001', '444413758714')]);
    expect(r.rows).toHaveLength(1);
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([[3, 'duplicate_order_ref']]);
  });

  it('e飛伝Ⅱ 出荷履歴: お問合せ送り状№ first and お客様管理ナンバー 13th, with or without a header', () => {
    const layout = CARRIER_LAYOUTS.sagawa_ehiden2;
    const data = ['512547514334', '2026/12/01 10:00', '', '090-1234-5678', '0600001', '北海道', '', '', '', '山田 太郎', '', '', 'K000001'];
    expect(parseTrackingFile(layout, [data]).rows).toEqual([{ line: 1, orderRef: 'K000001', trackingNumber: '512547514334' }]);
    const header = ['お問合せ送り状№', '出荷日時', '住所録コード', 'お届け先電話番号', 'お届け先郵便番号', 'お届け先住所1', 'お届け先住所2', 'お届け先住所3', 'お届け先JISコード', 'お届け先名称1', 'お届け先名称2', 'グループ名', 'お客様管理ナンバー'];
    expect(parseTrackingFile(layout, [header, data]).rows).toEqual([{ line: 2, orderRef: 'K000001', trackingNumber: '512547514334' }]);
  });

  it('ゆうプリR 発送履歴 by its header names, whatever columns the user exported', () => {
    const layout = CARRIER_LAYOUTS.japanpost_yupri;
    const r = parseTrackingFile(layout, [
      ['仮引受確定作業年月日', 'お問い合わせ番号', 'お客様側管理番号'],
      ['', '193715301010', 'K000001'],
    ]);
    expect(r.rows).toEqual([{ line: 2, orderRef: 'K000001', trackingNumber: '193715301010' }]);
    const half = parseTrackingFile(layout, [['お客様側管理番号', '配達ステータス集約コード'], ['K000001', '10']]);
    expect(half.problems.map((p) => p.code)).toEqual(['header_incomplete']);
  });

  it('reads back what Kura wrote, neutralised or quoted by a spreadsheet', () => {
    const r = parseTrackingFile(b2, [["'-SHOP-1", '0', '0', '444413758703'], ['="K000007"', '0', '0', ' 4444 1375 8714 ']]);
    expect(r.rows.map((x) => [x.orderRef, x.trackingNumber])).toEqual([
      ['-SHOP-1', '444413758703'],
      ['K000007', '444413758714'],
    ]);
  });
});
