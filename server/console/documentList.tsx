/** The documents a page offers, one a line, each to print or in Word: 书面审查表：打印 | Word. */

export type OfferedDocument = { name: string; label: string };

export function DocumentList(props: { campaignId: number; documents: OfferedDocument[]; employer?: string }) {
  const href = (name: string, format?: 'docx') => {
    const query = new URLSearchParams({ ...(props.employer && { employer: props.employer }), ...(format && { format }) }).toString();
    return `/api/campaigns/${props.campaignId}/documents/${name}${query ? `?${query}` : ''}`;
  };
  return (
    <section class="card">
      <h2>文书</h2>
      <ul class="docs">
        {props.documents.map(({ name, label }) => (
          // its two copies apart and named for a screen reader
          <li>
            {label}：
            <a href={href(name)} aria-label={`${label}（打印）`}>
              打印
            </a>
            <span class="sep" aria-hidden="true">
              {' | '}
            </span>
            <a href={href(name, 'docx')} aria-label={`${label}（Word）`}>
              Word
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
