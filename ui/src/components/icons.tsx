// Small line icons drawn inline (the fonts the app ships with have no glyphs for ⧉ or 🗑).
const PATHS = {
  rename: "M3 13.5V16h2.5l7.4-7.4-2.5-2.5L3 13.5zm11.7-6.8a.7.7 0 0 0 0-1l-1.4-1.4a.7.7 0 0 0-1 0l-1.2 1.2 2.5 2.5 1.1-1.3z",
  copy: "M6 3h8v10H6zM3.5 6H4v9.5h8v.5H3.5z",
  trash: "M5 6h9l-.8 10H5.8zM4 4h11v1.2H4zM8 2.8h3V4H8z",
};

export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg viewBox="0 0 18 18" width="14" height="14" aria-hidden="true" className="glyph">
      <path d={PATHS[name]} fill={name === "copy" ? "none" : "currentColor"} stroke={name === "copy" ? "currentColor" : "none"} strokeWidth="1.3" />
    </svg>
  );
}
