/** Who asks for a change: the signed-in member and whether they act as an admin. */
export interface Viewer {
  id: number;
  isAdmin: boolean;
}
