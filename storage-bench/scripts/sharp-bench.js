// sharp on one thread, for EngineBenchmark: node sharp-bench.js ITERATIONS WIDTH HEIGHT FILE...
// Prints one line per file: "<file> <images per second> <bytes of the last output>" and writes the last output
// next to the input as <file>.sharp.jpg for the quality comparison.
const sharp = require('sharp');
const fs = require('fs');
sharp.concurrency(1);   // one libvips thread, like the other single-thread figures
sharp.cache(false);     // every request is new, as in a gateway
const [iterations, width, height, ...files] = process.argv.slice(2);
(async () => {
  for (const file of files) {
    const input = fs.readFileSync(file);
    let out;
    for (let i = 0; i < 3; i++) {
      out = await sharp(input).resize(+width, +height, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
    }
    const start = process.hrtime.bigint();
    for (let i = 0; i < +iterations; i++) {
      out = await sharp(input).resize(+width, +height, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    fs.writeFileSync(file + '.sharp.jpg', out);
    console.log(file + ' ' + (+iterations / seconds).toFixed(2) + ' ' + out.length);
  }
})().catch(e => { console.error(e); process.exit(1); });
