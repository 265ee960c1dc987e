import type { RefObject } from 'react';

interface CodeFieldProps {
  field: 'gate' | 'stand' | 'belt';
  label: string;
  maxLength: number;
  inputRef: RefObject<HTMLInputElement | null>;
  className: string | undefined;
  value: string;
  onChange: (value: string) => void;
}

/** A resource code in the edit panel (gate, stand, belt): typed in capitals, one line. */
export function CodeField({
  field,
  label,
  maxLength,
  inputRef,
  className,
  value,
  onChange,
}: CodeFieldProps) {
  return (
    <label className="edit-row">
      <span className="edit-label">{label}</span>
      <input
        ref={inputRef}
        data-testid={`edit-${field}`}
        className={className}
        value={value}
        maxLength={maxLength}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value.toUpperCase())}
      />
    </label>
  );
}
