/** LSNs travel as bigint inside the process, as 'X/Y' text to and from PostgreSQL. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/')
  if (hi === undefined || lo === undefined) throw new Error(`bad LSN: ${text}`)
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`)
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`
}
