/** The one sentence a tie is reported with. */
export function tieMessage(seat: number, contested: number, regions: string[], winners: string[], what: string): string {
  const places = contested === 1 ? `第 ${seat} 个名额` : `第 ${seat}–${seat + contested - 1} 个名额`;
  const names = regions.map((r) => `「${r}」`).join('、');
  const got = winners.map((r) => `「${r}」`).join('、');
  return `平局：${names}争夺${places}，${what}完全相同；按“输入中靠前者优先”的规则给了${got}。`;
}
