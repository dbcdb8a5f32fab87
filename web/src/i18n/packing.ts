/** 検品 (packing check) */
export const ja = {
  'packing.placeholder': '',
};

export const en: Record<keyof typeof ja, string> = {
  'packing.placeholder': '',
};
