import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedWebhook, CreateWebhook, DeliveryList, UpdateWebhook, Webhook } from '../../../contracts/webhooks';
import { api } from '../../api';

export function useWebhooks() {
  return useQuery({
    queryKey: ['webhooks'],
    queryFn: ({ signal }) => api.get<{ items: Webhook[] }>('/webhooks', undefined, signal),
  });
}

/** A webhook's deliveries, newest first; refreshed while shown, since retries change them. */
export function useDeliveries(id: string | null, cursor: string | undefined) {
  return useQuery({
    queryKey: ['webhooks', id, 'deliveries', cursor],
    queryFn: ({ signal }) => api.get<DeliveryList>(`/webhooks/${id}/deliveries`, { cursor, limit: 25 }, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
}

export function useWebhookMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ['webhooks'] });
  return {
    create: useMutation({ mutationFn: (body: CreateWebhook) => api.post<CreatedWebhook>('/webhooks', body), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, ...body }: UpdateWebhook & { id: string }) => api.patch<Webhook>(`/webhooks/${id}`, body),
      onSuccess: done,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/webhooks/${id}`), onSuccess: done }),
  };
}
