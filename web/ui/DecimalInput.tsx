import { useState } from 'react';
import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDecimalInput, isDecimal, parseDecimalInput } from '../lib/decimal';
import { localeTag } from '../lib/format';

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue'> & {
  /** The form's value: a decimal string ("115900.00"), or what was typed while it is not a number. */
  value?: string | null;
  onChange?: (value: string) => void;
  /** Places allowed (money 2, quantities 4) and always shown (money 2, quantities 0). */
  decimals?: number;
  minDecimals?: number;
};

/**
 * A money or quantity input in the user's language: shows "115 900,00" in ru and bg (115,900.00 in
 * English), edits without the grouping, and hands the form a plain decimal string ("115900.00"). A
 * text that is no number stays as typed for the form's validation (decimalError) to refuse.
 */
export function DecimalInput({ value, onChange, decimals = 2, minDecimals = decimals, onFocus, onBlur, ...rest }: Props) {
  const { i18n } = useTranslation();
  const locale = localeTag(i18n.language);
  const [editing, setEditing] = useState<string | null>(null);
  const text = value ?? '';
  const valid = isDecimal(text, decimals);
  const mark = formatDecimalInput('1.5', locale, 1, 1).replace(/\d/g, '');
  const shown = editing ?? (valid ? formatDecimalInput(text, locale, minDecimals, decimals) : text);
  return (
    <TextInput
      inputMode="decimal"
      {...rest}
      value={shown}
      onFocus={(e) => {
        setEditing(valid ? text.replace('.', mark) : text);
        onFocus?.(e);
      }}
      onChange={(e) => {
        const typed = e.currentTarget.value;
        setEditing(typed);
        onChange?.(parseDecimalInput(typed, i18n.language) ?? typed);
      }}
      onBlur={(e) => {
        setEditing(null);
        onBlur?.(e);
      }}
    />
  );
}

/** The form rule of a DecimalInput: empty passes unless `required`; anything else must be a decimal with at most `decimals` places. */
export function decimalError(value: string, decimals: number, message: string, required = false): string | null {
  if (!value.trim()) return required ? message : null;
  return isDecimal(value, decimals) ? null : message;
}
