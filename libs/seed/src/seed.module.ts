import { TimelineModule } from '@app/timeline';
import { Module } from '@nestjs/common';

import { SeedImporter } from './seed-importer.service';

@Module({ imports: [TimelineModule], providers: [SeedImporter], exports: [SeedImporter] })
export class SeedModule {}
