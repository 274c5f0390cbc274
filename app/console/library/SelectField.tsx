"use client";
import { field } from "@/app/_components/ui";

/** A labelled select: the library's filters and the template form's phase, technique and type. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  small = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  /** The label in the small type of a toolbar. */
  small?: boolean;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={`block font-medium ${small ? "text-sm" : ""}`}>
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={field()}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
