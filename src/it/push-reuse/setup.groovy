import io.github.scratchimage.maven.PushIt

// 8 files of compressible text; f3 in two versions (v1, then v2 for the later pushes)
Random random = new Random(17)
def text = { int size ->
    StringBuilder out = new StringBuilder()
    while (out.length() < size) {
        out.append("line ").append(random.nextInt(1000)).append(" of some text ").append(random.nextInt(50)).append('\n')
    }
    out.toString()
}
['data', 'v1', 'v2'].each { new File(basedir, it).mkdirs() }
(0..7).each { new File(basedir, "data/f${it}.txt").text = text(150_000) }
new File(basedir, 'v1/f3.txt').text = text(150_000)
new File(basedir, 'v2/f3.txt').text = text(150_000)
PushIt.start(basedir)
return true
