// Plain HTML for a cheap phone on a slow network: nothing to download but the page and its CSS.
export const csr = false;
export const prerender = false;
