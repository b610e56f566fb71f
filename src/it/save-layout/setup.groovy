// The files both images are built from: one shared layer, one of each module's own.
import java.nio.file.Files

Files.writeString(basedir.toPath().resolve('shared.txt'), 'in both images\n')
Files.writeString(basedir.toPath().resolve('a/own.txt'), 'only in a\n')
Files.writeString(basedir.toPath().resolve('b/own.txt'), 'only in b\n')
return true
