// 300 MB of random bytes (they do not compress): a layer that takes seconds to build.
import java.nio.file.Files
import java.nio.file.Path

// the build's own layer cache starts empty, even when the ITs run again without a clean
new File(basedir, 'layer-cache').deleteDir()
Path big = Files.createDirectories(basedir.toPath().resolve('data')).resolve('random.bin')
Random random = new Random(19)
byte[] chunk = new byte[1 << 20]
Files.newOutputStream(big).withCloseable { out ->
    300.times {
        random.nextBytes(chunk)
        out.write(chunk)
    }
}
return true
