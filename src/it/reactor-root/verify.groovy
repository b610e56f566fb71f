String log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('scratch: skipped reactor-root: its <build> does not declare scratch-maven-plugin')
assert !new File(basedir, 'target/scratch/image.tar').exists() : 'no image for the parent'
assert new File(basedir, 'app/target/scratch/image.tar').isFile()
assert new File(basedir, 'app/target/scratch/image.json').text.contains('example/reactor-app')
return true
