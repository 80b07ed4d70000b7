import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { cn } from './cn.ts';

/** What a modal panel takes, a dialog or a drawer: its open state, its title and description, its body. */
export type ModalProps<Title extends ReactNode = string> = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: Title;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
};

/** A modal dialog with a title and description wired for screen readers (Radix). */
export function Dialog({ open, onOpenChange, title, description, children, className }: ModalProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 backdrop-blur-[2px] data-[state=open]:animate-[fade-in_120ms_ease-out]" />
        <RadixDialog.Content
          className={cn(
            'fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-5 shadow-xl',
            'focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 data-[state=open]:animate-[pop-in_140ms_ease-out]',
            className,
          )}
        >
          <RadixDialog.Title className="text-base font-semibold text-zinc-900 dark:text-zinc-100">
            {title}
          </RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
              {description}
            </RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>
          )}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
