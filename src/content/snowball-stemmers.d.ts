/** Types for `snowball-stemmers` (pure-JS Snowball stemmers; the package ships none). */
declare module 'snowball-stemmers' {
  interface SnowballStemmer {
    stem(word: string): string;
  }
  const snowball: {
    newStemmer(language: string): SnowballStemmer;
    algorithms(): string[];
  };
  export default snowball;
}
