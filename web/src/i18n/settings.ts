/** Settings (設定): users, security, API tokens, logs, platform, dev outbox. Filled by the settings pages. */
export const ja = {
  'settings.title': '設定',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'settings.title': 'Settings',
};
