import { useNavigate } from '@tanstack/react-router';
import { Command } from 'cmdk';
import { LogOut, SunMoon } from 'lucide-react';
import { useEffect } from 'react';
import type { NavItem } from '../lib/nav.ts';
import { toggleTheme } from '../lib/theme.ts';

const itemClass =
  'flex cursor-pointer items-center gap-2 rounded-md px-2 py-2 text-sm text-zinc-700 data-[selected=true]:bg-zinc-100 data-[selected=true]:text-zinc-900 dark:text-zinc-300 dark:data-[selected=true]:bg-zinc-800 dark:data-[selected=true]:text-zinc-100';

/** Ctrl/Cmd-K: jump to any tab this role can use, toggle the theme, sign out. */
export function CommandPalette({
  items,
  onSignOut,
  open,
  setOpen,
}: {
  items: NavItem[];
  onSignOut: () => void;
  open: boolean;
  setOpen: (open: boolean | ((was: boolean) => boolean)) => void;
}) {
  const navigate = useNavigate();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((was) => !was);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setOpen]);

  const run = (action: () => void) => {
    setOpen(false);
    action();
  };

  return (
    <Command.Dialog
      open={open}
      onOpenChange={setOpen}
      label="Command palette"
      overlayClassName="fixed inset-0 z-40 bg-zinc-950/40"
      contentClassName="fixed top-[18%] left-1/2 z-50 w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-2xl dark:border-zinc-800 dark:bg-zinc-900"
    >
      <Command.Input
        placeholder="Go to… or run a command"
        className="h-11 w-full border-b border-zinc-200 bg-transparent px-4 text-sm text-zinc-900 outline-none placeholder:text-zinc-400 dark:border-zinc-800 dark:text-zinc-100"
      />
      <Command.List className="max-h-80 overflow-y-auto p-2">
        <Command.Empty className="px-2 py-6 text-center text-sm text-zinc-500">No match.</Command.Empty>
        <Command.Group
          heading="Go to"
          className="text-xs text-zinc-500 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1"
        >
          {items.map((item) => (
            <Command.Item
              key={item.path}
              value={`Go to ${item.label}`}
              className={itemClass}
              onSelect={() => run(() => void navigate({ to: item.path }))}
            >
              <item.icon className="size-4 text-zinc-400" aria-hidden />
              {item.label}
            </Command.Item>
          ))}
        </Command.Group>
        <Command.Group
          heading="Actions"
          className="text-xs text-zinc-500 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1"
        >
          <Command.Item value="Toggle theme" className={itemClass} onSelect={() => run(toggleTheme)}>
            <SunMoon className="size-4 text-zinc-400" aria-hidden />
            Toggle theme
          </Command.Item>
          <Command.Item value="Sign out" className={itemClass} onSelect={() => run(onSignOut)}>
            <LogOut className="size-4 text-zinc-400" aria-hidden />
            Sign out
          </Command.Item>
        </Command.Group>
      </Command.List>
    </Command.Dialog>
  );
}
