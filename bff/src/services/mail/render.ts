/** The placeholders a portal's email templates may use; values are HTML-escaped. */
export interface TemplateVars {
  email_code?: string;
  customer_first_name?: string | null;
  portal_display_name: string;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Replaces `{{name}}` (spaces allowed inside the braces); unknown names render empty. */
export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, name: string) => {
    const value = (vars as unknown as Record<string, string | null | undefined>)[name];
    return escapeHtml(value ?? '');
  });
}
