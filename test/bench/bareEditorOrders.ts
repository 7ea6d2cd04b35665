/** What the bench's bare editor page (`bareEditor.ts`) is told before its script runs. */
export interface BareEditorOrders {
  collabUrl: string
  documentId: string
  token: string
  /** Whether the page's text is laid out near the screen only, as the client's is for a long text. */
  long: boolean
}
