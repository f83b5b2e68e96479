// A one-line value field: ink-text-input with a mask until the operator asks to see what they
// type. The draft lives in reducer state (controlled), so saving reads exactly what was typed.
import TextInput from 'ink-text-input';

export const MASK_CHAR = '•';

export interface MaskedInputProps {
  value: string;
  onChange: (value: string) => void;
  show: boolean;
  placeholder?: string;
}

export function MaskedInput({ value, onChange, show, placeholder }: MaskedInputProps) {
  return (
    <TextInput
      value={value}
      onChange={onChange}
      {...(show ? {} : { mask: MASK_CHAR })}
      {...(placeholder ? { placeholder } : {})}
    />
  );
}
