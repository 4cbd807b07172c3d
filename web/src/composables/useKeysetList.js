import { ref } from 'vue';

/**
 * A list on the API's keyset pages ({items, total, next}) shown with 「加载更多」.
 * `fetchPage(after)` asks for one page; `reload()` starts over, `loadMore()` appends the next page.
 * An answer that arrives after a newer reload() began is dropped, so quick filter or organization
 * changes never mix two lists.
 */
export function useKeysetList(fetchPage) {
  const items = ref([]);
  const total = ref(0);
  const next = ref(null);
  const loading = ref(false);
  const error = ref('');
  let seq = 0;

  async function load(more) {
    const my = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const page = await fetchPage(more ? next.value : undefined);
      if (my !== seq) return;
      items.value = more ? items.value.concat(page.items) : page.items;
      total.value = page.total;
      next.value = page.next;
    } catch (e) {
      if (my !== seq) return;
      error.value = e.message;
      if (!more) items.value = [];
    } finally {
      if (my === seq) loading.value = false;
    }
  }

  return {
    items, total, next, loading, error,
    reload: () => {
      next.value = null;
      return load(false);
    },
    loadMore: () => load(true),
  };
}
