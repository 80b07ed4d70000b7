import { QueryCache, QueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { ApiError } from './api.ts';
import { StepUpCancelled } from './step-up.ts';

const retryable = (error: unknown) => !(error instanceof ApiError) || error.status >= 500;

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError(error, query) {
      // A first load shows its own error state; a background refresh that fails says so in a toast.
      if (query.state.data === undefined || error instanceof StepUpCancelled) return;
      if (error instanceof ApiError && error.status === 401) return;
      toast.error(error.message);
    },
  }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      retry: (failures, error) => failures < 2 && retryable(error) && !(error instanceof StepUpCancelled),
      staleTime: 5_000,
    },
    mutations: { retry: false },
  },
});
