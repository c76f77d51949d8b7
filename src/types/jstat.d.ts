/** The part of jStat (https://github.com/jstat/jstat) Palermo uses; the package ships no types. */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, mean: number, sd: number): number;
    inv(p: number, mean: number, sd: number): number;
  }
  const jstat: {
    jStat: { normal: Distribution; poisson: { cdf(x: number, lambda: number): number } };
  };
  export default jstat;
}
