-- Orders keep the mall's own payment value beside Kura's unified one (orders/choices.ts
-- PAYMENT_METHODS). Methods stored before the unified list (Rakuten 'card', 'bank',
-- 'convenience', 'lease'…, Yahoo! 'mobile_suica', 'payeasy'…, words typed into manual
-- orders) become Kura's, the old value kept in payment_raw; anything unknown becomes
-- 'other'. Rules whose conditions name such a method get the same translation
-- (orders/payment-methods.ts legacyPaymentMethod; test/orders/payment-methods-api.test.ts
-- runs these statements and compares them with it).
ALTER TABLE `orders` ADD `payment_raw` text;--> statement-breakpoint
UPDATE `orders` SET
  `payment_raw` = `payment_method`,
  `payment_method` = CASE
    WHEN lower(trim(`payment_method`)) IN ('credit_card', 'cod', 'bank_transfer', 'deferred', 'convenience_store', 'paypay', 'amazon_pay', 'rakuten_pay', 'apple_pay', 'paypal', 'carrier_billing', 'points', 'gift_card', 'loan', 'invoice', 'mall', 'other') THEN lower(trim(`payment_method`))
    WHEN lower(trim(`payment_method`)) IN ('card', 'creditcard', 'クレジットカード') THEN 'credit_card'
    WHEN lower(trim(`payment_method`)) IN ('bank', 'payeasy', 'postal_transfer', '銀行振込') THEN 'bank_transfer'
    WHEN lower(trim(`payment_method`)) IN ('convenience', 'コンビニ', 'コンビニ払い', 'コンビニ決済') THEN 'convenience_store'
    WHEN lower(trim(`payment_method`)) IN ('lease') THEN 'loan'
    WHEN lower(trim(`payment_method`)) IN ('alipay', 'mobile_suica', 'cash_registered_mail', 'free', 'unknown') THEN 'other'
    WHEN lower(trim(`payment_method`)) IN ('bank_debit') THEN 'mall'
    WHEN lower(trim(`payment_method`)) IN ('代金引換', '代引', '代引き') THEN 'cod'
    WHEN lower(trim(`payment_method`)) IN ('後払い') THEN 'deferred'
    WHEN lower(trim(`payment_method`)) IN ('ポイント') THEN 'points'
    WHEN lower(trim(`payment_method`)) IN ('請求書払い') THEN 'invoice'
    ELSE 'other'
  END
WHERE `payment_method` NOT IN ('credit_card', 'cod', 'bank_transfer', 'deferred', 'convenience_store', 'paypay', 'amazon_pay', 'rakuten_pay', 'apple_pay', 'paypal', 'carrier_billing', 'points', 'gift_card', 'loan', 'invoice', 'mall', 'other');--> statement-breakpoint
UPDATE `order_rules` SET `conditions` = (
  SELECT json_group_array(json(CASE
    WHEN json_extract(c.value, '$.field') = 'paymentMethod' AND json_type(c.value, '$.value') = 'text'
      THEN json_set(c.value, '$.value', CASE
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('credit_card', 'cod', 'bank_transfer', 'deferred', 'convenience_store', 'paypay', 'amazon_pay', 'rakuten_pay', 'apple_pay', 'paypal', 'carrier_billing', 'points', 'gift_card', 'loan', 'invoice', 'mall', 'other') THEN lower(trim(json_extract(c.value, '$.value')))
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('card', 'creditcard', 'クレジットカード') THEN 'credit_card'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('bank', 'payeasy', 'postal_transfer', '銀行振込') THEN 'bank_transfer'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('convenience', 'コンビニ', 'コンビニ払い', 'コンビニ決済') THEN 'convenience_store'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('lease') THEN 'loan'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('alipay', 'mobile_suica', 'cash_registered_mail', 'free', 'unknown') THEN 'other'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('bank_debit') THEN 'mall'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('代金引換', '代引', '代引き') THEN 'cod'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('後払い') THEN 'deferred'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('ポイント') THEN 'points'
          WHEN lower(trim(json_extract(c.value, '$.value'))) IN ('請求書払い') THEN 'invoice'
          ELSE 'other'
        END)
    ELSE c.value
  END))
  FROM json_each(`order_rules`.`conditions`) AS c
)
WHERE EXISTS (
  SELECT 1 FROM json_each(`order_rules`.`conditions`) AS c
  WHERE json_extract(c.value, '$.field') = 'paymentMethod' AND json_type(c.value, '$.value') = 'text'
    AND json_extract(c.value, '$.value') NOT IN ('credit_card', 'cod', 'bank_transfer', 'deferred', 'convenience_store', 'paypay', 'amazon_pay', 'rakuten_pay', 'apple_pay', 'paypal', 'carrier_billing', 'points', 'gift_card', 'loan', 'invoice', 'mall', 'other')
);
