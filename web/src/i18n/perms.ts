/** 権限 (worker/users/permissions.ts): the user page's section, the users list's summary, the API's refusals. */
export const ja = {
  // one name and one line per permission
  'perms.name.stock_adjust': '在庫調整',
  'perms.name.csv_import': 'CSV取込',
  'perms.name.export': 'CSV出力',
  'perms.name.personal_data': '購入者の個人情報',
  'perms.name.rules': '自動処理ルールの変更',
  'perms.name.channel_settings': 'チャネル設定',
  'perms.desc.stock_adjust': '在庫数の調整と棚卸を行えます。',
  'perms.desc.csv_import': '在庫と送り状番号のCSVを取り込めます(在庫CSVの取込には在庫調整の権限も必要です)。',
  'perms.desc.export': '在庫・在庫履歴・受注・送り状のCSVを出力できます(受注と送り状には購入者の個人情報の権限も必要です)。',
  'perms.desc.personal_data': '購入者の氏名・住所・電話番号・メールアドレスを見られます。ない場合は「山田 **」のように一部を伏せて表示します。',
  'perms.desc.rules': '自動処理ルールとブラックリストを作成・変更・削除し、ルールを今すぐ実行できます。',
  'perms.desc.channel_settings': 'チャネル(店舗)の作成・編集・削除と認証情報の変更ができます。現在、これらの操作は管理者だけが行えます。',
  // the short form in the users list
  'perms.short.stock_adjust': '在庫調整',
  'perms.short.csv_import': '取込',
  'perms.short.export': '出力',
  'perms.short.personal_data': '個人情報',
  'perms.short.rules': 'ルール',
  'perms.short.channel_settings': 'チャネル',

  // the user page
  'perms.section.title': '権限',
  'perms.section.lead': 'ロールに加えて、この利用者が使える機能を選びます。変更は利用者の次の操作から有効になります。',
  'perms.adminNote': '管理者はすべての権限を持ちます。権限を外すには、先にロールを変更してください。',
  'perms.save': '権限を保存',
  'perms.saved': '権限を保存しました。',
  'perms.group': '{name}の権限',

  // the users list
  'perms.list.column': '権限',
  'perms.list.all': 'すべて',
  'perms.list.none': 'なし',

  // the API's refusals
  'perms.error.denied': 'この操作には「{permission}」の権限が必要です。必要な場合は管理者にご依頼ください。',
  'perms.error.deniedUnknown': 'この操作に必要な権限がありません。必要な場合は管理者にご依頼ください。',
  'perms.error.adminFixed': '管理者の権限は減らせません。権限を外すには、先にロールを変更してください。',

  // orders without personal_data (the buyer is masked)
  'perms.orders.masked': '購入者の個人情報は、権限がないため一部を伏せて表示しています。',
  'perms.orders.contactHidden': '購入者の個人情報の権限がないため、注文者とお届け先はここでは表示・変更できません。',
  'perms.orders.searchLimited': '受注番号・店舗の注文番号・SKUで検索',
};

export const en: Record<keyof typeof ja, string> = {
  'perms.name.stock_adjust': 'Stock adjustment',
  'perms.name.csv_import': 'CSV import',
  'perms.name.export': 'CSV export',
  'perms.name.personal_data': 'Buyers’ personal data',
  'perms.name.rules': 'Changing automation rules',
  'perms.name.channel_settings': 'Channel settings',
  'perms.desc.stock_adjust': 'Adjust stock quantities and record stocktakes.',
  'perms.desc.csv_import': 'Import stock and tracking number CSV files (a stock import also needs Stock adjustment).',
  'perms.desc.export': 'Export stock, stock history, order and carrier CSV files (orders and carrier files also need Buyers’ personal data).',
  'perms.desc.personal_data': 'See buyers’ names, addresses, phone numbers and e-mail addresses. Without it they are partly hidden, like “Yamada **”.',
  'perms.desc.rules': 'Create, change and delete automation rules and blacklist entries, and run the rules now.',
  'perms.desc.channel_settings': 'Create, edit and delete channels (stores) and change their credentials. For now, only admins can do this.',
  'perms.short.stock_adjust': 'Stock',
  'perms.short.csv_import': 'Import',
  'perms.short.export': 'Export',
  'perms.short.personal_data': 'Personal data',
  'perms.short.rules': 'Rules',
  'perms.short.channel_settings': 'Channels',

  'perms.section.title': 'Permissions',
  'perms.section.lead': 'On top of the role, choose what this user may do. A change applies from the user’s next action.',
  'perms.adminNote': 'Admins hold every permission. To take one away, change the role first.',
  'perms.save': 'Save permissions',
  'perms.saved': 'Permissions saved.',
  'perms.group': 'Permissions of {name}',

  'perms.list.column': 'Permissions',
  'perms.list.all': 'All',
  'perms.list.none': 'None',

  'perms.error.denied': 'This needs the “{permission}” permission. Ask an admin if you need it.',
  'perms.error.deniedUnknown': 'You do not have the permission this needs. Ask an admin if you need it.',
  'perms.error.adminFixed': 'An admin’s permissions cannot be reduced. To take one away, change the role first.',

  'perms.orders.masked': 'Buyers’ personal data is partly hidden: you do not have the permission to see it.',
  'perms.orders.contactHidden': 'Without the Buyers’ personal data permission, the customer and delivery address cannot be shown or changed here.',
  'perms.orders.searchLimited': 'Search by order number, store order number or SKU',
};
