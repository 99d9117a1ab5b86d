// A speech bubble beside every comment count and button: the mark is an icon and words, never
// a colour alone.
export function CommentIcon() {
  return (
    <svg class="comment-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path
        d="M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H9l-4.5 3.6A.3.3 0 0 1 4 20.4V17a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linejoin="round"
      />
    </svg>
  );
}
