import type { InputHTMLAttributes, ReactNode } from 'react';
import { cn } from './cn.ts';

export const inputClass = cn(
  'h-9 w-full rounded-md border border-zinc-200 bg-white px-3 text-sm text-zinc-900 placeholder:text-zinc-400',
  'dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500',
  'focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-500',
);

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(inputClass, className)} {...props} />;
}

/**
 * A labelled field: the label is always there for screen readers, visible unless `hideLabel`.
 * `error` is what the server or the form said about this value, shown under it.
 */
export function Field({
  label,
  htmlFor,
  children,
  hint,
  error,
  className,
}: {
  label: string;
  htmlFor: string;
  children: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
}) {
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <label htmlFor={htmlFor} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      {children}
      {hint}
      {error && <FieldError text={error} />}
    </div>
  );
}

function FieldError({ text }: { text: string }) {
  return (
    <p role="alert" className="text-xs text-red-600 dark:text-red-400">
      {text}
    </p>
  );
}
