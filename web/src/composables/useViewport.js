import { onBeforeUnmount, ref } from 'vue';

/** Phone layout below 768 px: the menu and the organization panel become drawers. */
export function useViewport(query = '(max-width: 767px)') {
  const mql = window.matchMedia(query);
  const isMobile = ref(mql.matches);
  const onChange = (e) => {
    isMobile.value = e.matches;
  };
  mql.addEventListener('change', onChange);
  onBeforeUnmount(() => mql.removeEventListener('change', onChange));
  return { isMobile };
}
