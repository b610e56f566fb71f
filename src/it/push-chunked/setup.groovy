// A 300,000-byte file, uploaded in 64 KiB chunks; a registry behind a request-counting proxy, whose
// address goes into pom.xml.
import io.github.scratchimage.maven.PushIt

byte[] data = new byte[300_000]
new Random(5).nextBytes(data)
new File(basedir, 'data').mkdirs()
new File(basedir, 'data/blob.bin').bytes = data
PushIt.startBehindProxy(basedir)
return true
