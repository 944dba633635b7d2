/** JSON that stays inert inside a <script type="application/json"> element: no `</script>`, `<!--` or `]]>` can form. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
