import type { Page } from '../schemas/common.ts';

/** The offset and limit of a 1-based page. */
export function pageWindow(query: { page: number; pageSize: number }): {
  offset: number;
  limit: number;
} {
  return { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
}

/** A page of items with the total matching, as every list use-case returns it. */
export function toPage<T>(
  query: { page: number; pageSize: number },
  total: number,
  items: T[],
): Page<T> {
  return { items, total, page: query.page, pageSize: query.pageSize };
}
