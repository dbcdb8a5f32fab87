import { describe, expect, it } from 'vitest';
import { ORDER_STATUS, SHIP_STATUS, yahooStatus } from '../../worker/channels/yahoo/status-map';
import { SHIP_COMPANY_CODE, shipCompanyCode, shipStatusChangeRequest } from '../../worker/channels/yahoo/shipment';
import { changedInWindow, parseOrderInfo, parseOrderList, postalCode, toPulledOrder } from '../../worker/channels/yahoo/orders';
import { absoluteQuantity, parseStockRows, remoteQuantities, setStockBody } from '../../worker/channels/yahoo/stock';
import { parseYahooTime, yahooDate } from '../../worker/channels/yahoo/jst';
import { parseYahooError } from '../../worker/channels/yahoo/xml';
import { tokenUrl } from '../../worker/channels/yahoo/session';

// The pure parts of the Yahoo! adapter: the status, payment and carrier tables,
// and the readers of the documented answer shapes (CDATA, both postcode forms,
// the three timestamp forms, empty <OrderInfo />, 207 rows).

describe('yahoo status map', () => {
  it('maps every documented OrderStatus and ShipStatus', () => {
    expect(Object.fromEntries(Object.entries(ORDER_STATUS).map(([k, v]) => [k, [v.label, v.cancelled, v.completed, v.onHold]]))).toEqual({
      '0': ['未入力', false, false, true],
      '1': ['予約中', false, false, true],
      '2': ['処理中', false, false, false],
      '3': ['保留', false, false, true],
      '4': ['キャンセル', true, false, false],
      '5': ['完了', false, true, false],
      '8': ['繰上げ同意待ち', false, false, true],
    });
    expect(Object.fromEntries(Object.entries(SHIP_STATUS).map(([k, v]) => [k, [v.label, v.shipped]]))).toEqual({
      '0': ['出荷不可', false],
      '1': ['出荷可', false],
      '2': ['出荷処理中', false],
      '3': ['出荷済み', true],
      '4': ['着荷済み', true],
    });
    expect(yahooStatus('4', '1')).toEqual({ cancelled: true, completed: false, onHold: false, shipped: false, mallStatus: 'キャンセル・出荷可' });
    expect(yahooStatus('5', '4')).toMatchObject({ completed: true, shipped: true, mallStatus: '完了・着荷済み' });
    expect(yahooStatus('9')).toEqual({ cancelled: false, completed: false, onHold: false, shipped: false, mallStatus: 'OrderStatus 9' });
  });

  // PayMethod codes → Kura's payment methods: test/channels/payment-methods.test.ts.

  it('maps Kura carriers and their carrier-file variants to 配送会社コード', () => {
    expect(SHIP_COMPANY_CODE).toMatchObject({ yamato: '1001', yamato_b2: '1001', sagawa: '1002', sagawa_ehiden2: '1002', japanpost: '1003', japanpost_yupri: '1003', other: '1000' });
    expect(shipCompanyCode('Sagawa')).toBe('1002');
    expect(shipCompanyCode('pigeon')).toBe('1000');
    const xml = shipStatusChangeRequest({ sellerId: 's', orderId: 's-10000001', carrier: 'japanpost_yupri', trackingNumber: ' 123456789012 ', shippedAt: new Date('2025-01-31T15:30:00Z') });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Req><Target><OrderId>s-10000001</OrderId><IsPointFix>true</IsPointFix></Target><Order><Ship><ShipStatus>3</ShipStatus><ShipCompanyCode>1003</ShipCompanyCode><ShipInvoiceNumber1>123456789012</ShipInvoiceNumber1><ShipDate>20250201</ShipDate></Ship></Order><SellerId>s</SellerId></Req>',
    );
  });
});

describe('yahoo readers', () => {
  it('reads the documented orderInfo shape into a PulledOrder', () => {
    // Shaped like the orderInfo page's sample: CDATA values, hyphenless ShipZipCode, OrderTime without offset.
    const body = `<?xml version="1.0" encoding="UTF-8"?>
      <ResultSet totalResultsAvailable="1" totalResultsReturned="1" firstResultPosition="1"><Result><Status>OK</Status>
      <OrderInfo><OrderId>teststore-10000009</OrderId><OrderTime>2024-12-31T23:59:59</OrderTime><OrderStatus>2</OrderStatus><BuyerComments></BuyerComments>
      <Pay><PayStatus>0</PayStatus><PayMethod>payment_d1</PayMethod><BillFirstName><![CDATA[太郎]]></BillFirstName><BillLastName><![CDATA[矢風]]></BillLastName>
        <BillPhoneNumber><![CDATA[012-3456-7890]]></BillPhoneNumber><BillMailAddress><![CDATA[buyer@example.jp]]></BillMailAddress></Pay>
      <Ship><ShipStatus>1</ShipStatus><ShipMethod>postage10</ShipMethod><ShipMethodName><![CDATA[ヤフー運送]]></ShipMethodName><ShipRequestDate>20250105</ShipRequestDate><ShipRequestTime>午前中</ShipRequestTime>
        <ShipFirstName><![CDATA[花子]]></ShipFirstName><ShipLastName><![CDATA[矢風]]></ShipLastName><ShipZipCode><![CDATA[0010010]]></ShipZipCode><ShipPrefecture><![CDATA[北海道]]></ShipPrefecture>
        <ShipCity><![CDATA[札幌市北区]]></ShipCity><ShipAddress1><![CDATA[北十条西1-1]]></ShipAddress1><ShipAddress2><![CDATA[矢風マンション 101]]></ShipAddress2><ShipPhoneNumber><![CDATA[011-000-0000]]></ShipPhoneNumber>
        <ShipInstructType>102</ShipInstructType></Ship>
      <Detail><PayCharge>330</PayCharge><ShipCharge>525</ShipCharge><GiftWrapCharge>100</GiftWrapCharge><Discount>500</Discount><Adjustments>-50</Adjustments><UsePoint>120</UsePoint><TotalMallCouponDiscount>100</TotalMallCouponDiscount><TotalPrice>5785</TotalPrice></Detail>
      <Item><LineId>1</LineId><ItemId><![CDATA[item-n77]]></ItemId><Title><![CDATA[商品名1]]></Title><SubCode><![CDATA[4201]]></SubCode><UnitPrice>2700</UnitPrice><Quantity>2</Quantity></Item>
      <Item><LineId>2</LineId><ItemId><![CDATA[item-p09]]></ItemId><Title><![CDATA[商品名2]]></Title><SubCode></SubCode><UnitPrice>100</UnitPrice><Quantity>1</Quantity></Item>
      </OrderInfo></Result></ResultSet>`;
    const info = parseOrderInfo(body);
    expect(info).not.toBeNull();
    const order = toPulledOrder(info!);
    expect(order).toMatchObject({
      externalId: 'teststore-10000009',
      orderedAt: '2024-12-31T14:59:59.000Z',
      customer: { name: '矢風 太郎', email: 'buyer@example.jp', phone: '012-3456-7890' },
      shipTo: { name: '矢風 花子', postalCode: '001-0010', prefecture: '北海道', city: '札幌市北区', address1: '北十条西1-1', address2: '矢風マンション 101', phone: '011-000-0000' },
      lines: [
        { sku: 'item-n77:4201', quantity: 2, unitPrice: 2700, name: '商品名1', remoteId: 'item-n77', remoteVariantId: '4201' },
        { sku: 'item-p09', quantity: 1, unitPrice: 100, name: '商品名2', remoteId: 'item-p09', remoteVariantId: undefined },
      ],
      payment: { method: 'cod', paid: false, raw: 'payment_d1' },
      shipping: { method: 'ヤフー運送', desiredDate: '2025-01-05', timeSlot: '午前中' },
      note: undefined,
      totals: { shippingFee: 525, fees: 430, discount: 650, points: 120 },
      cancelled: false,
      // ShipInstructType 102: ヤマト運輸 フルフィルメント ships from Yamato's stock
      fulfilledByMall: true,
      mallStatus: '処理中・出荷可',
    });
    expect(parseOrderInfo('<ResultSet><Result><Status>NG</Status></Result></ResultSet>')).toBeNull();
  });

  it('reads orderList pages, the empty <OrderInfo /> of a page past the end included', () => {
    const page = parseOrderList(
      '<Result><Status>OK</Status><Search><TotalCount>3</TotalCount><OrderInfo><Index>1</Index><OrderId>s-1</OrderId><LastUpdateTime>2025-01-01T10:00:00+09:00</LastUpdateTime></OrderInfo></Search></Result>',
    );
    expect(page).toMatchObject({ ok: true, totalCount: 3, entries: [{ orderId: 's-1', lastUpdateTime: new Date('2025-01-01T01:00:00Z') }] });
    expect(parseOrderList('<Result><Status>OK</Status><Search><TotalCount>10</TotalCount><OrderInfo /></Search></Result>')).toEqual({ ok: true, totalCount: 10, entries: [] });
    expect(parseOrderList('<Result><Status>OK</Status><Search><TotalCount>0</TotalCount></Search></Result>')).toEqual({ ok: true, totalCount: 0, entries: [] });
  });

  it('decides what changed in a window, the buyer-cancel grace included', () => {
    const since = new Date('2025-01-01T00:00:00Z');
    const until = new Date('2025-01-01T01:00:00Z');
    const at = (iso: string) => new Date(iso);
    expect(changedInWindow({ orderId: 'a', orderStatus: '2', orderTime: at('2024-12-01T00:00:00Z'), lastUpdateTime: at('2025-01-01T00:30:00Z') }, since, until)).toBe(true);
    expect(changedInWindow({ orderId: 'b', orderStatus: '2', orderTime: at('2024-12-01T00:00:00Z'), lastUpdateTime: at('2024-12-01T00:00:00Z') }, since, until)).toBe(false);
    // placed 10 minutes before the window, hidden while cancellable, first listed now
    expect(changedInWindow({ orderId: 'c', orderStatus: '2', orderTime: at('2024-12-31T23:50:00Z'), lastUpdateTime: at('2024-12-31T23:50:00Z') }, since, until)).toBe(true);
    expect(changedInWindow({ orderId: 'd', orderStatus: '2', orderTime: null, lastUpdateTime: null }, since, until)).toBe(true);
    expect(changedInWindow({ orderId: 'e', orderStatus: '2', orderTime: at('2025-01-01T01:00:00Z'), lastUpdateTime: at('2025-01-01T01:00:00Z') }, since, until)).toBe(false);
  });

  it('normalises postcodes, dates and the three timestamp forms', () => {
    expect(postalCode('0600001')).toBe('060-0001');
    expect(postalCode('060-0001')).toBe('060-0001');
    expect(postalCode('０６０')).toBe('０６０');
    expect(yahooDate('20250105')).toBe('2025-01-05');
    expect(yahooDate('2025-01-05')).toBe('2025-01-05');
    expect(yahooDate('')).toBeUndefined();
    expect(parseYahooTime('20121221231350')?.toISOString()).toBe('2012-12-21T14:13:50.000Z');
    expect(parseYahooTime('2012-04-19T16:10:40')?.toISOString()).toBe('2012-04-19T07:10:40.000Z');
    expect(parseYahooTime('2018-12-07T01:27:04+09:00')?.toISOString()).toBe('2018-12-06T16:27:04.000Z');
    expect(parseYahooTime('')).toBeNull();
  });

  it('builds the setStock body with bare absolute numbers and reads 200/207 rows', () => {
    const body = setStockBody('s', [
      { sku: 'A', remoteId: 'a', remoteVariantId: 'red', quantity: 3.7 },
      { sku: 'B', remoteId: 'b', quantity: -2 },
    ]);
    expect(body.toString()).toBe('seller_id=s&item_code=a%3Ared%2Cb&quantity=3%2C0');
    expect(absoluteQuantity(12)).toBe('12');
    const rows = parseStockRows(
      '<ResultSet totalResultsAvailable="2"><Result><ItemCode>a</ItemCode><SubCode>red</SubCode><Quantity>11</Quantity></Result><Result><ItemCode>b</ItemCode><SubCode></SubCode><Quantity></Quantity><ErrorCode>st-02104</ErrorCode></Result></ResultSet>',
    );
    expect(rows.map((r) => [r.key, r.quantity, r.errorCode])).toEqual([
      ['a:red', '11', ''],
      ['b', '', 'st-02104'],
    ]);
    // getStock: Status 0 (no record) and an empty Quantity (unlimited) both read back as unknown.
    const read = parseStockRows(
      '<ResultSet><Result><ItemCode> a </ItemCode><SubCode> red </SubCode><Status> 1 </Status><Quantity> 10 </Quantity></Result><Result><ItemCode>b</ItemCode><Status>0</Status></Result><Result><ItemCode>c</ItemCode><Status>1</Status><Quantity></Quantity></Result></ResultSet>',
    );
    expect(
      remoteQuantities(
        [
          { sku: 'A', remoteId: 'a', remoteVariantId: 'red' },
          { sku: 'B', remoteId: 'b' },
          { sku: 'C', remoteId: 'c' },
        ],
        read,
      ),
    ).toEqual([
      { sku: 'A', quantity: 10 },
      { sku: 'B', quantity: null },
      { sku: 'C', quantity: null },
    ]);
  });

  it('reads the error body and picks the token endpoint', () => {
    expect(parseYahooError("<?xml version='1.0' encoding='UTF-8' ?><Error><Message>AccessToken has been expired.</Message><Code>px-04102</Code></Error>")).toEqual({
      message: 'AccessToken has been expired.',
      code: 'px-04102',
    });
    expect(parseYahooError('<Error><Message>Your Request was Forbidden</Message></Error>')).toEqual({ message: 'Your Request was Forbidden', code: undefined });
    expect(parseYahooError('{"error":"injected fault"}').message).toBe('{"error":"injected fault"}');
    expect(tokenUrl('https://circus.shopping.yahooapis.jp')).toBe('https://auth.login.yahoo.co.jp/yconnect/v2/token');
    expect(tokenUrl('https://test.circus.shopping.yahooapis.jp/')).toBe('https://auth.login.yahoo.co.jp/yconnect/v2/token');
    expect(tokenUrl('http://127.0.0.1:8790/yahoo/t-1/')).toBe('http://127.0.0.1:8790/yahoo/t-1/yconnect/v2/token');
  });
});
