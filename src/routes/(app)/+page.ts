// The shell every in-app route boots from when offline (the service worker's navigation fallback).
export const prerender = true;
